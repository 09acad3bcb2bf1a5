// The poller when several daemons share the store: a due feed is polled only after this
// daemon claimed it, and a feed another daemon holds or polled is left to it.

#include <catch2/catch.hpp>

#include "tests/poll/poller_fixture.h"
#include "tests/support/process.h"

using namespace newsmon;
using std::chrono::seconds;
using test::FakeHttpClient;
using test::Harness;
using test::k_poll_start;

namespace {

constexpr const char* k_url = "https://shared.example.org/feed";

/// The harness's poller registered as "here", and a second daemon "there" on its file.
struct SharedStore {
  Harness harness;
  std::unique_ptr<store::Store> there =
      store::open_sqlite_store(harness.dir / "newsmon.db").value();

  SharedStore() {
    harness.options.claim_lease = seconds(120);
    harness.poller.emplace(harness.io, harness.client(), *harness.store, *harness.scheduler,
                           harness.clock, harness.options,
                           [this](const store::FeedState& feed, feed::ParsedFeed&& parsed) {
                             return harness.ingest(feed, std::move(parsed));
                           });
    REQUIRE(harness.store
                ->register_instance({"here", "host-a", 1, k_poll_start, k_poll_start},
                                    k_poll_start - 60)
                .ok());
    REQUIRE(there
                ->register_instance({"there", "host-b", 2, k_poll_start, k_poll_start},
                                    k_poll_start - 60)
                .ok());
    harness.fake.set(k_url, FakeHttpClient::ok(test::rss({"a", "b"}), "application/rss+xml"));
    harness.set_feeds({k_url});
  }

  std::int64_t feed_id() { return harness.feed(k_url).id; }
  bool there_claims() {
    return there->claim_feeds({feed_id()}, harness.now(), seconds(300), store::ClaimScope::due)
        .value()
        .at(0)
        .claimed;
  }
};

}  // namespace

TEST_CASE("A due feed another daemon holds is polled only once its claim ran out",
          "[poller][claims]") {
  SharedStore shared;
  REQUIRE(shared.there_claims());
  shared.harness.run_pass(true);
  CHECK(shared.harness.fake.count(k_url) == 0);
  CHECK(shared.harness.poller->counters().claims_refused == 1);
  // The schedule here waits for the other claim instead of asking again and again.
  CHECK(shared.harness.poller->feeds().at(0).next_poll_at == k_poll_start + 300);

  shared.harness.clock.advance(seconds(300));
  shared.harness.run_pass(true);
  CHECK(shared.harness.fake.count(k_url) == 1);
  const auto stored = shared.harness.feed(k_url);
  CHECK(stored.lease_holder.empty());  // saving the outcome released the claim
  CHECK(stored.last_new_items == 2);
}

TEST_CASE("A feed another daemon polled is not polled again; the schedule follows its outcome",
          "[poller][claims]") {
  SharedStore shared;
  REQUIRE(shared.there_claims());
  auto state = shared.harness.feed(k_url);
  state.next_poll_at = k_poll_start + 3600;
  state.etag = "\"there\"";
  state.last_poll_at = k_poll_start;
  REQUIRE(shared.there->save_feed_state(state).ok());

  shared.harness.run_pass(true);
  CHECK(shared.harness.fake.count(k_url) == 0);
  const auto here = shared.harness.poller->feeds().at(0);
  CHECK(here.next_poll_at == k_poll_start + 3600);
  CHECK(here.etag == "\"there\"");

  shared.harness.clock.advance(seconds(3600));
  shared.harness.run_pass(true);
  REQUIRE(shared.harness.fake.count(k_url) == 1);
  CHECK(shared.harness.fake.requests(k_url).at(0).if_none_match == "\"there\"");
}

TEST_CASE("A feed being polled is held in this daemon's name; stopping hands it back",
          "[poller][claims]") {
  SharedStore shared;
  shared.harness.fake.hold(k_url);
  shared.harness.poller->poll_all_once([] {});
  shared.harness.io.restart();
  REQUIRE(test::wait_until([&] {
    shared.harness.io.poll();
    return shared.harness.fake.held() == 1;
  }));
  CHECK(shared.harness.feed(k_url).lease_holder == "here");
  CHECK_FALSE(shared.there_claims());

  shared.harness.poller->stop();
  CHECK(shared.harness.feed(k_url).lease_holder.empty());
  CHECK(shared.there_claims());
}

TEST_CASE("Claims of polls still under way are renewed before they run out", "[poller][claims]") {
  SharedStore shared;
  shared.harness.fake.hold(k_url);
  shared.harness.poller->poll_all_once([] {});
  shared.harness.io.restart();
  REQUIRE(test::wait_until([&] {
    shared.harness.io.poll();
    return shared.harness.fake.held() == 1;
  }));
  REQUIRE(shared.harness.feed(k_url).lease_until == k_poll_start + 120);
  shared.harness.clock.advance(seconds(70));    // past half the lease
  shared.harness.poller->poll_due_once([] {});  // renews as the timer does
  REQUIRE(test::wait_until([&] {
    shared.harness.io.poll();
    return shared.harness.feed(k_url).lease_until == k_poll_start + 70 + 120;
  }));
  shared.harness.poller->stop();
}

TEST_CASE("A held feed whose interval is known is looked at again after it, not after the claim",
          "[poller][claims]") {
  SharedStore shared;
  shared.harness.every = seconds(30);
  shared.harness.set_feeds({k_url});
  REQUIRE(shared.there_claims());  // for 300 seconds
  shared.harness.run_pass(true);
  CHECK(shared.harness.fake.count(k_url) == 0);
  CHECK(shared.harness.poller->feeds().at(0).next_poll_at == k_poll_start + 30);

  // The other daemon polled it at once and saved the outcome, which released its claim.
  auto state = shared.harness.feed(k_url);
  state.next_poll_at = k_poll_start + 30;
  state.last_poll_at = k_poll_start;
  REQUIRE(shared.there->save_feed_state(state).ok());
  REQUIRE(shared.there->release_feeds({state.id}).ok());

  shared.harness.clock.advance(seconds(30));
  shared.harness.run_pass(true);
  CHECK(shared.harness.fake.count(k_url) == 1);
}
