#include <catch2/catch.hpp>

#include <string>

#include "daemon/fetch/http_client.h"

using namespace newsmon::fetch;

TEST_CASE("A response header is found by its lower-case name and gives its last value",
          "[fetch][response]") {
  Response response;
  response.headers = {
      {"cache-control", "no-cache"}, {"etag", "\"v1\""}, {"cache-control", "max-age=60"}};
  CHECK(response.header("cache-control") == "max-age=60");
  CHECK(response.header("etag") == "\"v1\"");
  CHECK(response.header("ETag") == std::nullopt);  // names are lower-cased when received
  CHECK(response.header("age") == std::nullopt);
  CHECK(Response{}.header("etag") == std::nullopt);
}

TEST_CASE("Each outcome and HTTP version has the name logs show", "[fetch][response]") {
  using Catch::Matchers::Equals;
  CHECK_THAT(outcome_name(Outcome::completed), Equals("completed"));
  CHECK_THAT(outcome_name(Outcome::timeout), Equals("timeout"));
  CHECK_THAT(outcome_name(Outcome::too_large), Equals("too_large"));
  CHECK_THAT(outcome_name(Outcome::connect_failed), Equals("connect_failed"));
  CHECK_THAT(outcome_name(Outcome::tls_error), Equals("tls_error"));
  CHECK_THAT(outcome_name(Outcome::bad_url), Equals("bad_url"));
  CHECK_THAT(outcome_name(Outcome::too_many_redirects), Equals("too_many_redirects"));
  CHECK_THAT(outcome_name(Outcome::protocol_error), Equals("protocol_error"));
  CHECK_THAT(outcome_name(Outcome::cancelled), Equals("cancelled"));
  CHECK_THAT(http_version_name(HttpVersion::none), Equals("-"));
  CHECK_THAT(http_version_name(HttpVersion::http1_0), Equals("1.0"));
  CHECK_THAT(http_version_name(HttpVersion::http1_1), Equals("1.1"));
  CHECK_THAT(http_version_name(HttpVersion::http2), Equals("2"));
  CHECK_THAT(http_version_name(HttpVersion::http3), Equals("3"));
}
