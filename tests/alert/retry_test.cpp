#include <catch2/catch.hpp>

#include "daemon/alert/retry.h"

using namespace newsmon;
using namespace newsmon::alert;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

constexpr Epoch k_now = 1'675'069'920;  // Mon, 30 Jan 2023 09:12:00 GMT

using Headers = std::vector<std::pair<std::string, std::string>>;

fetch::Response status(int code, Headers headers = {}, std::string body = {}) {
  fetch::Response response;
  response.status = code;
  response.headers = std::move(headers);
  response.body = std::move(body);
  return response;
}

fetch::Response failure(fetch::Outcome outcome, std::string error) {
  fetch::Response response;
  response.outcome = outcome;
  response.error = std::move(error);
  return response;
}

const std::vector<seconds> k_schedule{seconds(5), minutes(5), minutes(30)};

}  // namespace

TEST_CASE("2xx is delivered, anything else retried by the schedule, then dead", "[alert][retry]") {
  Jitter exact(0);
  CHECK(decide(k_schedule, 1, status(200), k_now, exact).verdict == Verdict::delivered);
  CHECK(decide(k_schedule, 1, status(204), k_now, exact).verdict == Verdict::delivered);

  const auto first = decide(k_schedule, 1, status(500, {}, "database\ndown"), k_now, exact);
  CHECK(first.verdict == Verdict::retry);
  CHECK(first.next_attempt_at == k_now + 5);
  CHECK(first.error == "HTTP 500: database down");
  CHECK_FALSE(first.pause_endpoint_until);
  CHECK(decide(k_schedule, 3, status(500), k_now, exact).next_attempt_at == k_now + 1800);

  const auto last = decide(k_schedule, 4, status(500), k_now, exact);
  CHECK(last.verdict == Verdict::dead);
  CHECK(last.error == "HTTP 500; gave up after 4 attempts");
}

TEST_CASE("A redirect is a failed delivery that says to configure the final URL",
          "[alert][retry]") {
  Jitter exact(0);
  const auto moved = decide(k_schedule, 1, status(301, {{"location", "https://x/"}}), k_now, exact);
  CHECK(moved.verdict == Verdict::retry);
  CHECK_THAT(moved.error, Catch::Contains("HTTP 301") && Catch::Contains("final URL"));
}

TEST_CASE("410 means the endpoint is gone", "[alert][retry]") {
  Jitter exact(0);
  CHECK(decide(k_schedule, 1, status(410), k_now, exact).verdict == Verdict::endpoint_gone);
  CHECK(decide(k_schedule, 99, status(410), k_now, exact).verdict == Verdict::endpoint_gone);
}

TEST_CASE("Timeouts and refused connections are retried with the transport's reason",
          "[alert][retry]") {
  Jitter exact(0);
  const auto timeout = decide(
      k_schedule, 2, failure(fetch::Outcome::timeout, "no response within 15000 ms"), k_now, exact);
  CHECK(timeout.verdict == Verdict::retry);
  CHECK(timeout.next_attempt_at == k_now + 300);
  CHECK(timeout.error == "no response within 15000 ms");
  const auto refused = decide(
      k_schedule, 1, failure(fetch::Outcome::connect_failed, "Connection refused"), k_now, exact);
  CHECK(refused.verdict == Verdict::retry);
  CHECK(refused.error == "Connection refused");
}

TEST_CASE("Retry-After on 429 and 503 sets the retry and pauses the endpoint", "[alert][retry]") {
  Jitter exact(0);
  SECTION("in seconds") {
    const auto limited = decide(k_schedule, 1, status(429, {{"retry-after", "120"}}), k_now, exact);
    CHECK(limited.verdict == Verdict::retry);
    CHECK(limited.next_attempt_at == k_now + 120);
    CHECK(limited.pause_endpoint_until == k_now + 120);
  }
  SECTION("as an HTTP date") {
    const auto busy =
        decide(k_schedule, 1, status(503, {{"retry-after", "Mon, 30 Jan 2023 09:42:00 GMT"}}),
               k_now, exact);
    CHECK(busy.next_attempt_at == k_now + 1800);
  }
  SECTION("as Discord's retry_after in the body") {
    const auto discord = decide(
        k_schedule, 1, status(429, {}, R"({"retry_after": 2.5, "global": false})"), k_now, exact);
    CHECK(discord.next_attempt_at == k_now + 3);
  }
  SECTION("cut to a day, and ignored on other statuses") {
    CHECK(decide(k_schedule, 1, status(429, {{"retry-after", "9999999"}}), k_now, exact)
              .next_attempt_at == k_now + 86400);
    const auto other = decide(k_schedule, 1, status(500, {{"retry-after", "120"}}), k_now, exact);
    CHECK(other.next_attempt_at == k_now + 5);
    CHECK_FALSE(other.pause_endpoint_until);
  }
  SECTION("unreadable: the schedule applies") {
    CHECK(decide(k_schedule, 1, status(429, {{"retry-after", "soon"}}), k_now, exact)
              .next_attempt_at == k_now + 5);
  }
  SECTION("still counted, so a endpoint limiting for ever ends dead") {
    CHECK(decide(k_schedule, 4, status(429, {{"retry-after", "1"}}), k_now, exact).verdict ==
          Verdict::dead);
  }
}

TEST_CASE("Retry-After values are read strictly", "[alert][retry]") {
  CHECK(parse_retry_after("0", k_now) == seconds(0));
  CHECK(parse_retry_after(" 30 ", k_now) == seconds(30));
  CHECK(parse_retry_after("Mon, 30 Jan 2023 09:12:10 GMT", k_now) == seconds(10));
  CHECK(parse_retry_after("Mon, 30 Jan 2023 09:00:00 GMT", k_now) == seconds(0));  // past
  CHECK_FALSE(parse_retry_after("-5", k_now));
  CHECK_FALSE(parse_retry_after("1.5", k_now));
  CHECK_FALSE(parse_retry_after("2023-01-30T09:12:10Z", k_now));
  CHECK_FALSE(parse_retry_after("", k_now));
}

TEST_CASE("Jitter spreads retries within its fraction", "[alert][retry]") {
  Jitter jitter(0.2, 12345);
  seconds smallest = hours(100);
  seconds largest{0};
  for (int i = 0; i < 1000; ++i) {
    const auto delay = jitter.apply(seconds(1000));
    smallest = std::min(smallest, delay);
    largest = std::max(largest, delay);
  }
  CHECK(smallest >= seconds(800));
  CHECK(largest <= seconds(1200));
  CHECK(largest - smallest > seconds(300));  // actually spread
  CHECK(jitter.apply(seconds(0)) == seconds(0));
}
