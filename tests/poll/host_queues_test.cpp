#include <catch2/catch.hpp>

#include "daemon/poll/host_queues.h"

using namespace newsmon;
using poll::HostQueues;

namespace {

// Takes every slot free now; returns the feeds in the order they may start.
std::vector<std::int64_t> take_all(HostQueues& queues) {
  std::vector<std::int64_t> started;
  while (const auto slot = queues.next()) started.push_back(slot->feed_id);
  return started;
}

}  // namespace

TEST_CASE("No host gets more than its share of polls at once", "[poll][host_queues]") {
  HostQueues queues(10, 2);
  for (std::int64_t id = 1; id <= 5; ++id) queues.push(id, "a.example");
  CHECK(take_all(queues) == std::vector<std::int64_t>{1, 2});
  CHECK(queues.in_flight() == 2);
  CHECK(queues.queued() == 3);
  queues.finished("a.example");
  CHECK(take_all(queues) == std::vector<std::int64_t>{3});
}

TEST_CASE("Hosts take turns, so one with many feeds cannot hold every slot",
          "[poll][host_queues]") {
  HostQueues queues(3, 5);
  for (std::int64_t id = 1; id <= 4; ++id) queues.push(id, "big.example");
  queues.push(10, "small.example");
  queues.push(20, "other.example");
  CHECK(take_all(queues) == std::vector<std::int64_t>{1, 10, 20});
  queues.finished("small.example");
  CHECK(take_all(queues) == std::vector<std::int64_t>{2});
}

TEST_CASE("A feed held back waits at the head of its host's queue until the host resumes",
          "[poll][host_queues]") {
  HostQueues queues(10, 2);
  queues.push(1, "busy.example");
  queues.push(2, "busy.example");
  queues.push(3, "calm.example");
  auto first = queues.next();
  REQUIRE(first->feed_id == 1);
  queues.hold(*first);
  CHECK(queues.in_flight() == 0);
  CHECK(queues.queued() == 3);
  // The held host takes no turn; the others do.
  CHECK(take_all(queues) == std::vector<std::int64_t>{3});
  queues.resume("busy.example");
  CHECK(take_all(queues) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("Clearing hands back the waiting feeds and keeps polls in flight counted",
          "[poll][host_queues]") {
  HostQueues queues(1, 1);
  queues.push(1, "a.example");
  queues.push(2, "a.example");
  queues.push(3, "b.example");
  REQUIRE(queues.next()->feed_id == 1);
  auto waiting = queues.clear();
  std::sort(waiting.begin(), waiting.end());
  CHECK(waiting == std::vector<std::int64_t>{2, 3});
  CHECK(queues.queued() == 0);
  CHECK(queues.in_flight() == 1);
  queues.finished("a.example");
  CHECK(queues.in_flight() == 0);
  CHECK_FALSE(queues.next());
}
