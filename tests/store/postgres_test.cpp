// What only the PostgreSQL backend has to show: several connections (processes) on one
// database at once, its schema migrations, and a server that goes away and comes back.

#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "tests/store/store_fixture.h"

using namespace newsmon;
using newsmon::test::k_start;
using newsmon::test::make_item;
using newsmon::test::make_match;
using std::chrono::seconds;

namespace {

// A fresh PostgreSQL database with the store open on it; nullptr (and a warning) when
// PostgreSQL is not installed.
std::unique_ptr<test::StoreFixture> postgres_fixture() {
  if (!test::PostgresCluster::instance()) {
    WARN("skipped: " << test::PostgresCluster::unavailable_reason());
    return nullptr;
  }
  test::use_backend(test::Backend::postgres);
  return std::make_unique<test::StoreFixture>();
}

std::vector<store::IncomingItem> story(int number) {
  std::vector<store::IncomingItem> items;
  items.push_back(make_item("story-" + std::to_string(number),
                            "Story " + std::to_string(number) + ": Abrams tanks for Ukraine",
                            "Summary", "https://wire.example.net/story-" + std::to_string(number),
                            {make_match("arms")}));
  return items;
}

}  // namespace

TEST_CASE("Two connections ingesting copies of one story at once raise one alert",
          "[store][postgres]") {
  auto fixture = postgres_fixture();
  if (!fixture) return;
  const auto other_feed = fixture->add_feed("https://paper.example.com/feed.xml");
  auto second = fixture->open_again();
  constexpr int k_stories = 25;
  std::atomic<int> raised{0};
  std::atomic<int> copies{0};
  const auto ingest_all = [&](store::Store& store, std::int64_t feed) {
    for (int number = 0; number < k_stories; ++number) {
      const auto result = test::ingest(store, feed, story(number), k_start + number).value();
      raised += result.alerts_raised;
      copies += result.copies;
    }
  };
  std::thread other([&] { ingest_all(*second, other_feed); });
  ingest_all(*fixture->store, fixture->feed_id);
  other.join();

  CHECK(raised == k_stories);
  CHECK(copies == k_stories);
  CHECK(test::query_value(fixture->db, "SELECT count(*) FROM alerts") == std::to_string(k_stories));
  CHECK(test::query_value(fixture->db, "SELECT count(*) FROM items") ==
        std::to_string(2 * k_stories));
  CHECK(test::query_value(fixture->db, "SELECT count(*) FROM deliveries") ==
        std::to_string(k_stories));
}

TEST_CASE("Two connections leasing deliveries never get the same row", "[store][postgres]") {
  auto fixture = postgres_fixture();
  if (!fixture) return;
  constexpr int k_deliveries = 120;
  for (int number = 0; number < k_deliveries; ++number) {
    REQUIRE(test::ingest(*fixture->store, fixture->feed_id, story(number), k_start).ok());
  }
  auto second = fixture->open_again();
  std::vector<std::int64_t> leased[2];
  const auto lease_all = [&](store::Store& store, std::vector<std::int64_t>& ids) {
    for (;;) {
      const auto jobs = store.lease_deliveries("analysts", k_start, seconds(600), 7).value();
      if (jobs.empty()) return;
      for (const auto& job : jobs) ids.push_back(job.delivery_id);
    }
  };
  std::thread other([&] { lease_all(*second, leased[1]); });
  lease_all(*fixture->store, leased[0]);
  other.join();

  std::set<std::int64_t> distinct(leased[0].begin(), leased[0].end());
  distinct.insert(leased[1].begin(), leased[1].end());
  CHECK(leased[0].size() + leased[1].size() == k_deliveries);
  CHECK(distinct.size() == k_deliveries);
  CHECK(test::query_value(fixture->db, "SELECT max(attempts) FROM deliveries") == "1");
}

TEST_CASE("An empty PostgreSQL database is migrated at open, and a newer schema is refused",
          "[store][postgres]") {
  auto fixture = postgres_fixture();
  if (!fixture) return;
  CHECK(test::query_value(fixture->db, "SELECT version FROM schema_version") == "3");
  CHECK(test::query(fixture->db,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    "'public' ORDER BY table_name") == std::vector<test::Row>{{"alerts"},
                                                                              {"deliveries"},
                                                                              {"feeds"},
                                                                              {"host_slots"},
                                                                              {"instances"},
                                                                              {"items"},
                                                                              {"matches"},
                                                                              {"schema_version"},
                                                                              {"silences"}});
  // Opening again migrates nothing and keeps the data.
  REQUIRE(fixture->open_again()->feeds().value().size() == 1);
  CHECK(store::migrate_store(fixture->url).value() == 3);

  test::pg_query(fixture->url, "UPDATE schema_version SET version = 99");
  store::StoreOptions options;
  const auto refused = store::open_store(fixture->url, options);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message,
             Catch::Contains("schema version 99") && Catch::Contains("newer newsmon"));
}

TEST_CASE("A lost connection fails the call, and the next call reconnects", "[store][postgres]") {
  auto fixture = postgres_fixture();
  if (!fixture) return;
  auto& store = *fixture->store;
  REQUIRE(store.feeds().value().size() == 1);

  test::PostgresCluster::instance()->restart();

  const auto lost = store.feeds();
  REQUIRE_FALSE(lost.ok());
  CHECK_THAT(lost.error().message, Catch::Contains("connection"));
  const auto again = store.feeds();
  REQUIRE(again.ok());
  CHECK(again->size() == 1);
  CHECK(test::ingest(store, fixture->feed_id, story(1), k_start).value().alerts_raised == 1);
}

TEST_CASE("A PostgreSQL URL is never shown with its password", "[store][postgres]") {
  const std::string url = "postgresql://newsmon:s3cret@127.0.0.1:1/newsmon";
  CHECK(store::shown_database(url) == "postgresql://***@127.0.0.1:1/newsmon");
  const auto refused = store::open_store(url);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("postgresql://***@127.0.0.1:1/newsmon"));
  CHECK_THAT(refused.error().message, !Catch::Contains("s3cret"));

  SECTION("and a password source that is not one is an error saying what to write") {
    store::StoreOptions options;
    options.password_source = "hunter2";
    const auto bad = store::open_store(url, options);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("env:NAME") && !Catch::Contains("hunter2"));
  }
}

TEST_CASE("Two connections claiming due feeds at once never both claim one", "[store][postgres]") {
  auto fixture = postgres_fixture();
  if (!fixture) return;
  std::vector<std::string> urls;
  for (int number = 0; number < 60; ++number) {
    urls.push_back("https://feeds.example.org/" + std::to_string(number) + ".xml");
  }
  std::vector<std::int64_t> ids;
  const auto feeds = fixture->store->sync_feeds(urls, k_start).value();
  for (const auto& feed : feeds) ids.push_back(feed.id);
  auto second = fixture->open_again();
  REQUIRE(
      fixture->store->register_instance({"alpha", "host-a", 1, k_start, k_start}, k_start).ok());
  REQUIRE(second->register_instance({"beta", "host-a", 2, k_start, k_start}, k_start).ok());
  std::vector<std::int64_t> claimed[2];
  const auto claim_all = [&](store::Store& store, std::vector<std::int64_t>& mine) {
    for (std::size_t first = 0; first < ids.size(); first += 5) {
      const std::vector<std::int64_t> batch(ids.begin() + static_cast<long>(first),
                                            ids.begin() + static_cast<long>(first + 5));
      const auto claims =
          store.claim_feeds(batch, k_start, seconds(120), store::ClaimScope::due).value();
      for (const auto& claim : claims) {
        if (claim.claimed) mine.push_back(claim.state.id);
      }
    }
  };
  std::thread other([&] { claim_all(*second, claimed[1]); });
  claim_all(*fixture->store, claimed[0]);
  other.join();

  std::set<std::int64_t> distinct(claimed[0].begin(), claimed[0].end());
  distinct.insert(claimed[1].begin(), claimed[1].end());
  CHECK(claimed[0].size() + claimed[1].size() == ids.size());
  CHECK(distinct.size() == ids.size());
  CHECK(test::query_value(fixture->db,
                          "SELECT count(*) FROM feeds WHERE lease_holder IS NULL "
                          "AND active = 1") == "0");
}
