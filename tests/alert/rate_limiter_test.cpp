// The token bucket that spaces the requests to one endpoint.

#include <catch2/catch.hpp>

#include "daemon/alert/rate_limiter.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

constexpr std::int64_t k_now = 1'675'069'920;  // Mon, 30 Jan 2023 09:12:00 GMT

}  // namespace

TEST_CASE("The rate limiter spaces requests at the configured rate", "[alert][rate]") {
  const util::TimePoint start = util::from_epoch_seconds(k_now);
  RateLimiter slack(1.0);
  CHECK(slack.available(start) == 1);
  slack.take(start);
  CHECK(slack.available(start) == 0);
  CHECK(slack.wait(start) == std::chrono::milliseconds(1000));
  CHECK(slack.wait(start + std::chrono::milliseconds(400)) == std::chrono::milliseconds(600));
  CHECK(slack.available(start + std::chrono::milliseconds(1000)) == 1);

  RateLimiter burst(5.0);
  CHECK(burst.available(start) == 5);
  RateLimiter unlimited;
  CHECK_FALSE(unlimited.limited());
  CHECK(unlimited.wait(start) == std::chrono::milliseconds(0));

  SECTION("a clock set backwards does not stall it") {
    slack.take(start + std::chrono::milliseconds(1000));
    CHECK(slack.available(start - std::chrono::hours(1)) == 0);
    CHECK(slack.available(start + std::chrono::milliseconds(2000)) == 1);
  }
}
