// A webhook endpoint's defaults: its retry schedule and the rate its format's service
// allows.

#include <catch2/catch.hpp>

#include "daemon/alert/endpoint.h"

using namespace newsmon;
using namespace newsmon::alert;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("The default schedule retries over about a day", "[alert][retry]") {
  const auto schedule = default_retry_schedule();
  REQUIRE(schedule.size() == 7);
  seconds total{0};
  for (const auto delay : schedule) total += delay;
  CHECK(total == hours(27) + minutes(35) + seconds(5));
  Endpoint endpoint;
  CHECK(retry_schedule_of(endpoint) == schedule);
  endpoint.retry_schedule = {seconds(1)};
  CHECK(retry_schedule_of(endpoint) == std::vector<seconds>{seconds(1)});
}

TEST_CASE("Chat formats get their services' rates unless one is configured", "[alert][rate]") {
  Endpoint endpoint;
  CHECK(effective_rate(endpoint) == 0);
  endpoint.format = Format::slack;
  CHECK(effective_rate(endpoint) == 1.0);
  endpoint.format = Format::discord;
  CHECK(effective_rate(endpoint) == 0.5);
  endpoint.max_per_second = 3;
  CHECK(effective_rate(endpoint) == 3);
}
