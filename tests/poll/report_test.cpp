#include <catch2/catch.hpp>

#include "daemon/poll/report.h"

using namespace newsmon;
using poll::PollResult;

TEST_CASE("A finished poll counts by result, bytes, new items and duration bucket",
          "[poll][report]") {
  poll::PollerCounters counters;
  fetch::Response quick;
  quick.wire_bytes = 1200;
  quick.elapsed = std::chrono::milliseconds(80);
  fetch::Response slow;
  slow.wire_bytes = 300;
  slow.elapsed = std::chrono::seconds(40);
  poll::count_poll(counters, quick, PollResult::ok, 4);
  poll::count_poll(counters, slow, PollResult::timeout, 0);
  CHECK(counters.polls[static_cast<std::size_t>(PollResult::ok)] == 1);
  CHECK(counters.polls[static_cast<std::size_t>(PollResult::timeout)] == 1);
  CHECK(counters.wire_bytes == 1500);
  CHECK(counters.new_items == 4);
  CHECK(counters.poll_seconds_sum == Approx(40.08));
  CHECK(counters.poll_seconds_buckets[0] == 0);                                        // <= 0.05 s
  CHECK(counters.poll_seconds_buckets[1] == 1);                                        // <= 0.1 s
  CHECK(counters.poll_seconds_buckets[poll::k_poll_duration_bounds.size() - 1] == 1);  // <= 30 s
  CHECK(counters.poll_seconds_buckets.back() == 2);                                    // +Inf
}
