// The delivery outbox: leases, outcomes, and what `newsmon alerts` reads back.

#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using newsmon::test::k_start;
using newsmon::test::make_item;
using newsmon::test::make_match;
using std::chrono::seconds;

namespace {

struct OutboxFixture : test::StoreFixture {
  OutboxFixture() {
    std::vector<store::IncomingItem> first;
    first.push_back(make_item("a", "US commits 31 Abrams tanks to Ukraine", "Summary A",
                              "https://example.org/a", {make_match("arms")}));
    std::vector<store::IncomingItem> second;
    second.push_back(make_item("b", "NATO chief visits Seoul", "Summary B", "https://example.org/b",
                               {make_match("diplomacy", {"alliance_diplomacy"})}));
    REQUIRE(test::ingest(*store, feed_id, std::move(first), k_start, {"analysts", "slack"})
                .value()
                .deliveries == 2);
    REQUIRE(test::ingest(*store, feed_id, std::move(second), k_start).value().deliveries == 1);
  }
};

}  // namespace

TEST_CASE("A lease hands out due deliveries once, with their story, until it expires",
          "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  auto& store = *fixture.store;
  const auto jobs = store.lease_deliveries("analysts", k_start, seconds(60), 10).value();
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].endpoint == "analysts");
  CHECK(jobs[0].attempts == 1);
  CHECK(jobs[0].webhook_id.rfind("msg_", 0) == 0);
  CHECK(jobs[0].sequence == 0);
  CHECK(jobs[0].notice.rules == std::vector<std::string>{"arms"});
  CHECK_FALSE(jobs[0].previous);
  CHECK_FALSE(jobs[0].digest_window);
  const auto& alert = jobs[0].alert;
  CHECK(alert.story.title == "US commits 31 Abrams tanks to Ukraine");
  CHECK(alert.story.link == "https://example.org/a");
  CHECK(alert.story.feed_url == "https://feeds.example.org/world.xml");
  REQUIRE(alert.matches.size() == 1);
  const auto& match = alert.matches[0].match;
  CHECK(match.rule_id == "arms");
  CHECK(match.severity == rules::Severity::high);
  CHECK(match.topics == std::vector<std::string>{"arms_transfer"});
  REQUIRE(match.events.size() == 1);
  CHECK(match.events[0].quantity == 31);
  CHECK(alert.raised_at == k_start);
  CHECK(jobs[1].alert.matches[0].match.rule_id == "diplomacy");

  CHECK(store.lease_deliveries("analysts", k_start + 59, seconds(60), 10).value().empty());
  CHECK(store.next_delivery_due("analysts", k_start + 59).value() == k_start + 60);  // all held
  CHECK(store.next_delivery_due("analysts", k_start + 60).value() == k_start);  // leases ran out
  const auto again = store.lease_deliveries("analysts", k_start + 60, seconds(60), 10).value();
  REQUIRE(again.size() == 2);
  CHECK(again[0].attempts == 2);
  CHECK(again[0].webhook_id == jobs[0].webhook_id);

  SECTION("the limit bounds one lease") {
    CHECK(store.lease_deliveries("slack", k_start, seconds(60), 0).value().empty());
    CHECK(store.lease_deliveries("slack", k_start, seconds(60), 1).value().size() == 1);
  }
}

TEST_CASE("Outcomes are recorded on the row and end or reschedule it", "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  auto& store = *fixture.store;
  const auto jobs = store.lease_deliveries("analysts", k_start, seconds(60), 10).value();
  REQUIRE(jobs.size() == 2);
  REQUIRE(store
              .record_delivery(
                  {jobs[0].delivery_id, store::DeliveryState::delivered, k_start + 1, 0, 204, ""})
              .ok());
  REQUIRE(store
              .record_delivery({jobs[1].delivery_id, store::DeliveryState::pending, k_start + 1,
                                k_start + 300, 500, "HTTP 500 from the endpoint"})
              .ok());

  CHECK(store.next_delivery_due("analysts", k_start + 1).value() == k_start + 300);
  CHECK(store.lease_deliveries("analysts", k_start + 299, seconds(60), 10).value().empty());
  CHECK(store.lease_deliveries("analysts", k_start + 300, seconds(60), 10).value().size() == 1);

  const auto rows = store.alerts(test::alerts_since(0)).value();
  REQUIRE(rows.size() == 2);
  const auto& arms = rows[0].deliveries;
  REQUIRE(arms.size() == 2);
  CHECK(arms[0].endpoint == "analysts");
  CHECK(arms[0].state == store::DeliveryState::delivered);
  CHECK(arms[0].last_http_status == 204);
  CHECK(arms[0].finished_at == k_start + 1);
  CHECK(arms[1].endpoint == "slack");
  CHECK(arms[1].state == store::DeliveryState::pending);
  CHECK(arms[1].attempts == 0);
  const auto& diplomacy = rows[1].deliveries.at(0);
  CHECK(diplomacy.last_http_status == 500);
  CHECK(diplomacy.last_error == "HTTP 500 from the endpoint");
  CHECK(diplomacy.attempts == 2);

  SECTION("a row already resolved is not changed by a late outcome") {
    REQUIRE(store
                .record_delivery({jobs[0].delivery_id, store::DeliveryState::pending, k_start + 2,
                                  k_start + 5, 0, "timeout"})
                .ok());
    CHECK(store.alerts(test::alerts_since(0)).value()[0].deliveries[0].state ==
          store::DeliveryState::delivered);
  }
  SECTION("a dead delivery stays visible and is never leased again") {
    const auto retry = store.lease_deliveries("analysts", k_start + 300, seconds(60), 10);
    REQUIRE(retry.value().size() == 0);  // leased above, still held
    REQUIRE(store
                .record_delivery({jobs[1].delivery_id, store::DeliveryState::dead, k_start + 400, 0,
                                  500, "gave up after 2 attempts"})
                .ok());
    CHECK(store.next_delivery_due("analysts", k_start + 400).value() == std::nullopt);
    CHECK(store.queue_stats(k_start + 400).value().dead == 1);
    CHECK(store.alerts(test::alerts_since(0)).value()[1].deliveries[0].state ==
          store::DeliveryState::dead);
  }
}

TEST_CASE("Released leases are due at once and do not count as attempts", "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  auto& store = *fixture.store;
  const auto jobs = store.lease_deliveries("analysts", k_start, seconds(60), 10).value();
  REQUIRE(store.release_deliveries({jobs[0].delivery_id, jobs[1].delivery_id}).ok());
  const auto again = store.lease_deliveries("analysts", k_start + 1, seconds(60), 10).value();
  REQUIRE(again.size() == 2);
  CHECK(again[0].attempts == 1);
}

TEST_CASE("Two processes on one file never lease the same delivery", "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  auto second = fixture.open_again();
  std::set<std::int64_t> seen;
  for (int round = 0; round < 2; ++round) {
    for (auto* store : {fixture.store.get(), second.get()}) {
      const auto jobs = store->lease_deliveries("analysts", k_start, seconds(60), 1).value();
      for (const auto& job : jobs) CHECK(seen.insert(job.delivery_id).second);
    }
  }
  CHECK(seen.size() == 2);
}

TEST_CASE("Deliveries of a gone or removed endpoint are marked dead, not left pending",
          "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  auto& store = *fixture.store;
  CHECK(store.kill_deliveries("analysts", "the endpoint answered 410 Gone", k_start + 5).value() ==
        2);
  CHECK(store.next_delivery_due("analysts", k_start + 5).value() == std::nullopt);
  CHECK(store.kill_unconfigured_deliveries({"analysts"}, k_start + 6).value() == 1);
  const auto stats = store.queue_stats(k_start + 10).value();
  CHECK(stats.pending == 0);
  CHECK(stats.dead == 3);
  CHECK(test::query(fixture.db, "SELECT endpoint, last_error FROM deliveries ORDER BY id") ==
        std::vector<test::Row>{{"analysts", "the endpoint answered 410 Gone"},
                               {"slack", "its webhook is no longer in the configuration"},
                               {"analysts", "the endpoint answered 410 Gone"}});
}

TEST_CASE("Queue stats count pending rows and the age of the oldest", "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  const auto stats = fixture.store->queue_stats(k_start + 90).value();
  CHECK(stats.pending == 3);
  CHECK(stats.dead == 0);
  CHECK(stats.oldest_pending_age_seconds == 90);
}

TEST_CASE("Alerts are filtered by time, rule and topic and listed oldest first",
          "[store][outbox]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  auto& store = *fixture.store;
  std::vector<store::IncomingItem> later;
  later.push_back(make_item("c", "Poland buys K2 tanks", "Summary C", "https://example.org/c",
                            {make_match("arms")}));
  REQUIRE(test::ingest(store, fixture.feed_id, std::move(later), k_start + 7200).ok());

  const auto all = store.alerts(test::alerts_since(0)).value();
  REQUIRE(all.size() == 3);
  CHECK(all[0].alert.story.entry_id == "a");
  CHECK(all[2].alert.story.entry_id == "c");
  CHECK(store.alerts(test::alerts_since(k_start + 1)).value().size() == 1);
  CHECK(store.alerts(test::alerts_since(0, "diplomacy")).value().size() == 1);
  const auto topical = store.alerts(test::alerts_since(0, "", "arms_transfer")).value();
  REQUIRE(topical.size() == 2);
  CHECK(topical[1].alert.story.entry_id == "c");
  const auto newest = store.alerts(test::alerts_since(0, "", "", 1)).value();
  REQUIRE(newest.size() == 1);
  CHECK(newest[0].alert.story.entry_id == "c");
}

TEST_CASE("Items since a time are visited with the rules they matched", "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  std::vector<store::StoredItem> visited;
  REQUIRE(fixture.store
              ->for_each_item_since(k_start,
                                    [&](const store::StoredItem& item) { visited.push_back(item); })
              .ok());
  REQUIRE(visited.size() == 2);
  CHECK(visited[0].entry_id == "a");
  CHECK(visited[0].summary == "Summary A");
  CHECK(visited[0].matched_rules == std::vector<std::string>{"arms"});
  CHECK(visited[1].matched_rules == std::vector<std::string>{"diplomacy"});
  visited.clear();
  REQUIRE(fixture.store
              ->for_each_item_since(k_start + 1,
                                    [&](const store::StoredItem& item) { visited.push_back(item); })
              .ok());
  CHECK(visited.empty());
}

TEST_CASE("Every item since a time is visited once, in order, however many there are", "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  OutboxFixture fixture;
  std::vector<store::IncomingItem> many;
  for (int i = 0; i < 2'500; ++i) {  // more than a backend reads at a time
    const auto id = "n" + std::to_string(i);
    many.push_back(make_item(id, "Story " + id, "", "https://example.org/" + id));
  }
  REQUIRE(test::ingest(*fixture.store, fixture.feed_id, std::move(many), k_start + 60).ok());
  std::vector<std::string> visited;
  REQUIRE(fixture.store
              ->for_each_item_since(
                  k_start + 60,
                  [&](const store::StoredItem& item) { visited.push_back(item.entry_id); })
              .ok());
  REQUIRE(visited.size() == 2'500);
  CHECK(visited.front() == "n0");
  CHECK(visited[1'000] == "n1000");
  CHECK(visited.back() == "n2499");
}
