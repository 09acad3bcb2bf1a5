// The contract of instances and feed leases: what every backend must do so that several
// daemons share one database.

#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"
#include "tests/support/sqlite_reader.h"

namespace newsmon {
namespace {

using std::chrono::seconds;
using test::k_start;

constexpr seconds k_lease{120};

store::InstanceInfo instance(const std::string& id, std::int64_t pid = 100,
                             store::Epoch at = k_start) {
  return {id, "host-a", pid, at, at};
}

/// Two daemons on one database file, "alpha" and "beta", and one feed due at k_start.
struct TwoDaemons : test::StoreFixture {
  std::unique_ptr<store::Store> second = open_again();
  store::Store& alpha = *store;
  store::Store& beta = *second;

  TwoDaemons() {
    REQUIRE(alpha.register_instance(instance("alpha", 100), k_start - 30).ok());
    REQUIRE(beta.register_instance(instance("beta", 200), k_start - 30).ok());
  }

  store::FeedClaim claim(store::Store& by, store::Epoch now,
                         store::ClaimScope scope = store::ClaimScope::due) {
    auto claims = by.claim_feeds({feed_id}, now, k_lease, scope).value();
    REQUIRE(claims.size() == 1);
    return claims[0];
  }

  /// One alert with a pending delivery to "analysts"; leased by `by`.
  std::int64_t lease_one_delivery(store::Store& by) {
    REQUIRE(test::ingest(by, feed_id,
                         {test::make_item("e1", "US commits Abrams", "", "https://a.example/1",
                                          {test::make_match("arms")})},
                         k_start)
                .ok());
    const auto jobs = by.lease_deliveries("analysts", k_start, seconds(60), 10).value();
    REQUIRE(jobs.size() == 1);
    return jobs[0].delivery_id;
  }

  const store::InstanceStatus* find(const std::vector<store::InstanceStatus>& all,
                                    const std::string& id) {
    for (const auto& status : all) {
      if (status.instance.id == id) return &status;
    }
    return nullptr;
  }
};

TEST_CASE("A due feed is claimed by one instance; another takes it once the lease ran out",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  const auto first = daemons.claim(daemons.alpha, k_start);
  CHECK(first.claimed);
  CHECK(first.state.lease_holder == "alpha");
  CHECK(first.state.lease_until == k_start + k_lease.count());

  const auto refused = daemons.claim(daemons.beta, k_start + 1);
  CHECK_FALSE(refused.claimed);
  CHECK(refused.state.lease_holder == "alpha");

  SECTION("its holder renews it") {
    CHECK(daemons.claim(daemons.alpha, k_start + 2).claimed);
  }
  SECTION("after the lease another instance takes it (its holder died)") {
    const auto taken = daemons.claim(daemons.beta, k_start + k_lease.count());
    CHECK(taken.claimed);
    CHECK(taken.state.lease_holder == "beta");
    CHECK_FALSE(daemons.claim(daemons.alpha, k_start + k_lease.count() + 1).claimed);
  }
}

TEST_CASE("Only due and active feeds are claimed, unless every feed is asked for",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  auto state = daemons.alpha.feeds().value().at(0);
  state.next_poll_at = k_start + 600;
  REQUIRE(daemons.alpha.save_feed_state(state).ok());
  const auto early = daemons.claim(daemons.alpha, k_start);
  CHECK_FALSE(early.claimed);
  CHECK(early.state.next_poll_at == k_start + 600);
  CHECK(daemons.claim(daemons.alpha, k_start, store::ClaimScope::any).claimed);

  REQUIRE(daemons.alpha.sync_feeds({"https://other.example/feed"}, k_start).ok());
  CHECK(daemons.alpha.claim_feeds({daemons.feed_id}, k_start + 600, k_lease, store::ClaimScope::due)
            .value()
            .empty());
}

TEST_CASE("Saving a poll's outcome releases the claim and moves the feed for every instance",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  auto claimed = daemons.claim(daemons.alpha, k_start);
  REQUIRE(claimed.claimed);
  claimed.state.next_poll_at = k_start + 900;
  claimed.state.etag = "\"v2\"";
  REQUIRE(daemons.alpha.save_feed_state(claimed.state).ok());

  const auto seen = daemons.claim(daemons.beta, k_start + 10);
  CHECK_FALSE(seen.claimed);  // not due any more: alpha polled it
  CHECK(seen.state.lease_holder.empty());
  CHECK(seen.state.etag == "\"v2\"");
  CHECK(seen.state.next_poll_at == k_start + 900);
  CHECK(daemons.claim(daemons.beta, k_start + 900).claimed);
}

TEST_CASE("A late save by an instance whose claim another took over changes nothing",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  auto late = daemons.claim(daemons.alpha, k_start);
  REQUIRE(late.claimed);
  REQUIRE(daemons.claim(daemons.beta, k_start + k_lease.count()).claimed);
  late.state.next_poll_at = k_start + 5000;
  REQUIRE(daemons.alpha.save_feed_state(late.state).ok());
  const auto stored = daemons.beta.feeds().value().at(0);
  CHECK(stored.lease_holder == "beta");
  CHECK(stored.next_poll_at == k_start);
}

TEST_CASE("Released feed claims are free at once; others' claims are left alone",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.claim(daemons.alpha, k_start).claimed);
  REQUIRE(daemons.beta.release_feeds({daemons.feed_id}).ok());
  CHECK_FALSE(daemons.claim(daemons.beta, k_start + 1).claimed);
  REQUIRE(daemons.alpha.release_feeds({daemons.feed_id}).ok());
  CHECK(daemons.claim(daemons.beta, k_start + 1).claimed);
}

TEST_CASE("Instances are listed with their heartbeats and the leases each holds",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.claim(daemons.alpha, k_start).claimed);
  daemons.lease_one_delivery(daemons.beta);
  REQUIRE(daemons.beta.heartbeat(k_start + 5).ok());

  const auto all = daemons.alpha.instances(k_start + 10).value();
  REQUIRE(all.size() == 2);
  const auto* alpha = daemons.find(all, "alpha");
  const auto* beta = daemons.find(all, "beta");
  REQUIRE((alpha && beta));
  CHECK(alpha->instance.host == "host-a");
  CHECK(alpha->instance.pid == 100);
  CHECK(alpha->instance.heartbeat_at == k_start);
  CHECK(alpha->feeds_leased == 1);
  CHECK(alpha->deliveries_leased == 0);
  CHECK(beta->instance.heartbeat_at == k_start + 5);
  CHECK(beta->feeds_leased == 0);
  CHECK(beta->deliveries_leased == 1);
  // Leases that ran out are not held any more.
  const auto later = daemons.alpha.instances(k_start + 1000).value();
  CHECK(daemons.find(later, "alpha")->feeds_leased == 0);
  CHECK(daemons.find(later, "beta")->deliveries_leased == 0);
}

TEST_CASE("A clean stop hands every lease back and removes the instance", "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.claim(daemons.alpha, k_start).claimed);
  const auto delivery = daemons.lease_one_delivery(daemons.alpha);
  REQUIRE(daemons.alpha.unregister_instance().ok());

  const auto all = daemons.beta.instances(k_start + 1).value();
  REQUIRE(all.size() == 1);
  CHECK(all[0].instance.id == "beta");
  CHECK(daemons.claim(daemons.beta, k_start + 1).claimed);
  const auto jobs = daemons.beta.lease_deliveries("analysts", k_start + 1, seconds(60), 10).value();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].delivery_id == delivery);
  CHECK(jobs[0].attempts == 1);  // the handed-back lease did not count
}

TEST_CASE("A heartbeat brings back an instance that another retired", "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  CHECK(daemons.beta.retire_instances({"alpha"}).value() == 0);
  REQUIRE(daemons.beta.instances(k_start).value().size() == 1);
  REQUIRE(daemons.alpha.heartbeat(k_start + 5).ok());
  const auto all = daemons.beta.instances(k_start + 5).value();
  REQUIRE(all.size() == 2);
  CHECK(daemons.find(all, "alpha")->instance.heartbeat_at == k_start + 5);
}

TEST_CASE("A daemon restarted after a crash takes its leases back at once", "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.claim(daemons.alpha, k_start).claimed);
  daemons.lease_one_delivery(daemons.alpha);
  daemons.store.reset();  // alpha dies: its row and its leases stay behind
  auto restarted = daemons.open_again();

  SECTION("under the same configured name") {
    REQUIRE(restarted->register_instance(instance("alpha", 101, k_start + 5), k_start - 25).ok());
  }
  SECTION("with a new id, on the same host and pid, after its heartbeat went stale") {
    REQUIRE(
        restarted->register_instance(instance("host-a:100:new", 100, k_start + 40), k_start + 10)
            .ok());
  }
  const auto claims =
      restarted->claim_feeds({daemons.feed_id}, k_start + 41, k_lease, store::ClaimScope::due);
  CHECK(claims.value().at(0).claimed);
  CHECK(restarted->lease_deliveries("analysts", k_start + 41, seconds(60), 10).value().size() == 1);
  CHECK(restarted->instances(k_start + 41).value().size() == 2);  // beta and the restarted one
}

TEST_CASE("A live instance on the same host keeps its leases when another registers",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.claim(daemons.alpha, k_start).claimed);
  auto third = daemons.open_again();
  // Same host and pid as alpha but alpha's heartbeat is fresh: not alpha's successor.
  REQUIRE(third->register_instance(instance("gamma", 100), k_start - 30).ok());
  CHECK_FALSE(third->claim_feeds({daemons.feed_id}, k_start + 1, k_lease, store::ClaimScope::due)
                  .value()
                  .at(0)
                  .claimed);
  CHECK(third->instances(k_start).value().size() == 3);
}

TEST_CASE("Retiring a dead instance frees its leases at once, its attempts still counted",
          "[store][instances]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.claim(daemons.alpha, k_start).claimed);
  daemons.lease_one_delivery(daemons.alpha);
  CHECK(daemons.beta.retire_instances({"alpha"}).value() == 2);
  CHECK(daemons.claim(daemons.beta, k_start + 1).claimed);
  const auto jobs = daemons.beta.lease_deliveries("analysts", k_start + 1, seconds(60), 10).value();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].attempts == 2);
}

TEST_CASE("A daemon's exclusive claim on a SQLite file refuses a second daemon",
          "[store][instances]") {
  test::TempDir dir;
  const auto path = dir / "newsmon.db";
  store::SqliteOptions daemon;
  daemon.claim = store::DatabaseClaim::exclusive;
  auto first = store::open_sqlite_store(path, daemon);
  REQUIRE(first.ok());

  const auto second = store::open_sqlite_store(path, daemon);
  REQUIRE_FALSE(second.ok());
  CHECK_THAT(second.error().message,
             Catch::Contains("another newsmon daemon (pid " + std::to_string(::getpid())) &&
                 Catch::Contains(path.string()));
  SECTION("commands beside it open the file") {
    auto beside = store::open_sqlite_store(path);
    REQUIRE(beside.ok());
    CHECK(beside.value()->feeds().ok());
  }
  SECTION("the claim ends with the store") {
    first.value().reset();
    CHECK(store::open_sqlite_store(path, daemon).ok());
  }
}

TEST_CASE("The only daemon on a SQLite file retires every instance left behind",
          "[store][instances]") {
  test::TempDir dir;
  const auto path = dir / "newsmon.db";
  {
    auto crashed = store::open_sqlite_store(path).value();
    const auto feed = crashed->sync_feeds({"https://a.example/feed"}, k_start).value().at(0).id;
    REQUIRE(crashed->register_instance(instance("other-host:7:abc", 7), k_start).ok());
    REQUIRE(crashed->claim_feeds({feed}, k_start, k_lease, store::ClaimScope::due)
                .value()
                .at(0)
                .claimed);
  }
  store::SqliteOptions daemon;
  daemon.claim = store::DatabaseClaim::exclusive;
  auto store = store::open_sqlite_store(path, daemon).value();
  REQUIRE(store->register_instance(instance("host-a:8:def", 8, k_start + 1), k_start - 30).ok());
  const auto all = store->instances(k_start + 1).value();
  REQUIRE(all.size() == 1);
  CHECK(all[0].instance.id == "host-a:8:def");
  CHECK(test::query_value(path, "SELECT count(*) FROM feeds WHERE lease_holder IS NOT NULL") ==
        "0");
}

}  // namespace
}  // namespace newsmon
