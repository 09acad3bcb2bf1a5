#include <catch2/catch.hpp>

#include "daemon/fetch/cache_headers.h"
#include "daemon/fetch/http_client.h"

using namespace newsmon::fetch;
using std::chrono::seconds;

namespace {
constexpr std::int64_t k_now = 1675069920;  // Mon, 30 Jan 2023 09:12:00 GMT
}

TEST_CASE("HTTP dates are read in all three forms", "[fetch]") {
  CHECK(parse_http_date("Mon, 30 Jan 2023 09:12:00 GMT") == k_now);
  CHECK(parse_http_date("Monday, 30-Jan-23 09:12:00 GMT") == k_now);
  CHECK(parse_http_date("Mon Jan 30 09:12:00 2023") == k_now);
  CHECK(parse_http_date("yesterday-ish") == std::nullopt);
  CHECK(parse_http_date("") == std::nullopt);
}

TEST_CASE("Retry-After is read as seconds or as a date", "[fetch]") {
  CHECK(parse_retry_after("120", k_now) == seconds(120));
  CHECK(parse_retry_after(" 0 ", k_now) == seconds(0));
  CHECK(parse_retry_after("Mon, 30 Jan 2023 09:22:00 GMT", k_now) == seconds(600));
  CHECK(parse_retry_after("Mon, 30 Jan 2023 09:00:00 GMT", k_now) == seconds(0));
  CHECK(parse_retry_after("-5", k_now) == std::nullopt);
  CHECK(parse_retry_after("soon", k_now) == std::nullopt);
}

TEST_CASE("Cache-Control max-age is read among other directives", "[fetch]") {
  CHECK(parse_max_age("public, max-age=300") == seconds(300));
  CHECK(parse_max_age("max-age=\"60\", s-maxage=600") == seconds(600));
  CHECK(parse_max_age("MAX-AGE=30") == seconds(30));
  CHECK(parse_max_age("no-cache, max-age=300") == std::nullopt);
  CHECK(parse_max_age("private") == std::nullopt);
  CHECK(parse_max_age("max-age=abc") == std::nullopt);
}

TEST_CASE("Cache hints come from the final headers, Expires relative to Date", "[fetch]") {
  Response response;
  response.headers = {{"retry-after", "90"},
                      {"cache-control", "max-age=120"},
                      {"date", "Mon, 30 Jan 2023 09:00:00 GMT"},
                      {"expires", "Mon, 30 Jan 2023 09:30:00 GMT"}};
  const auto hints = cache_hints(response, k_now);
  CHECK(hints.retry_after == seconds(90));
  CHECK(hints.max_age == seconds(120));
  CHECK(hints.expires_in == seconds(1800));

  Response expired;
  expired.headers = {{"expires", "0"}};
  CHECK(cache_hints(expired, k_now).expires_in == std::nullopt);
}
