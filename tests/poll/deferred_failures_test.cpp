#include <catch2/catch.hpp>

#include "daemon/poll/deferred_failures.h"

using namespace newsmon;
using poll::Blame;
using poll::DeferredFailures;

namespace {

DeferredFailures::Failure failure(std::int64_t feed, std::string host, store::Epoch at) {
  DeferredFailures::Failure held;
  held.feed_id = feed;
  held.host = std::move(host);
  held.at = at;
  held.outcome.result = poll::PollResult::connect_failed;
  return held;
}

}  // namespace

TEST_CASE("Failures on several hosts with no answer at all blame the network", "[poll][deferred]") {
  DeferredFailures deferred;
  deferred.hold(failure(1, "a.example", 100));
  deferred.hold(failure(2, "b.example", 101));
  const auto settled = deferred.settle(true);
  CHECK(settled.blame == Blame::network);
  CHECK(settled.hosts == 2);
  REQUIRE(settled.failures.size() == 2);
  for (const auto& held : settled.failures) CHECK(held.outcome.blame == Blame::network);
  CHECK(deferred.empty());
}

TEST_CASE("Failures are the feeds' own when an answer came or only one host failed",
          "[poll][deferred]") {
  DeferredFailures deferred;
  SECTION("an answer came") {
    deferred.hold(failure(1, "a.example", 100));
    deferred.hold(failure(2, "b.example", 100));
    CHECK(deferred.settle(false).blame == Blame::feed);
  }
  SECTION("one host") {
    deferred.hold(failure(1, "a.example", 100));
    deferred.hold(failure(2, "a.example", 100));
    const auto settled = deferred.settle(true);
    CHECK(settled.blame == Blame::feed);
    CHECK(settled.failures.at(1).outcome.blame == Blame::feed);
  }
}

TEST_CASE("Held failures wait a minute at most for their verdict", "[poll][deferred]") {
  DeferredFailures deferred;
  CHECK_FALSE(deferred.expired(1000));
  deferred.hold(failure(1, "a.example", 1000));
  CHECK_FALSE(deferred.expired(1000 + poll::k_verdict_wait_seconds - 1));
  CHECK(deferred.expired(1000 + poll::k_verdict_wait_seconds));
}
