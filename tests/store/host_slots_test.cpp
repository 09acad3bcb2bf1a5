// The contract of host slots: politeness limits that hold across the daemons sharing one
// database.

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

namespace newsmon {
namespace {

using std::chrono::seconds;
using test::k_start;

constexpr seconds k_lease{60};
constexpr const char* k_host = "news.example.org";

store::InstanceInfo instance(const std::string& id, std::int64_t pid) {
  return {id, "host-a", pid, k_start, k_start};
}

/// Two daemons, "alpha" and "beta", on one database.
struct TwoDaemons : test::StoreFixture {
  std::unique_ptr<store::Store> second = open_again();
  store::Store& alpha = *store;
  store::Store& beta = *second;

  TwoDaemons() : test::StoreFixture(test::WithFeed::no) {
    REQUIRE(alpha.register_instance(instance("alpha", 100), k_start - 30).ok());
    REQUIRE(beta.register_instance(instance("beta", 200), k_start - 30).ok());
  }

  std::optional<int> take(store::Store& by, int slots, store::Epoch now = k_start,
                          const std::string& host = k_host) {
    return by.take_host_slot(host, slots, now, k_lease).value();
  }
};

TEST_CASE("A host's slots are shared by the instances: no more than its count at once",
          "[store][host_slots]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  CHECK(daemons.take(daemons.alpha, 2) == 0);
  CHECK(daemons.take(daemons.beta, 2) == 1);
  CHECK(daemons.take(daemons.beta, 2) == std::nullopt);
  CHECK(daemons.take(daemons.alpha, 2) == std::nullopt);
  // Other hosts have their own slots.
  CHECK(daemons.take(daemons.beta, 2, k_start, "other.example.org") == 0);

  SECTION("a slot given back is taken again, the lowest first") {
    REQUIRE(daemons.alpha.release_host_slot(k_host, 0).ok());
    CHECK(daemons.take(daemons.beta, 2) == 0);
    CHECK(daemons.take(daemons.alpha, 2) == std::nullopt);
  }
  SECTION("a slot is given back only by its holder") {
    REQUIRE(daemons.alpha.release_host_slot(k_host, 1).ok());
    CHECK(daemons.take(daemons.alpha, 2) == std::nullopt);
  }
  SECTION("a lease that ran out is taken over (its holder died)") {
    CHECK(daemons.take(daemons.alpha, 2, k_start + k_lease.count() - 1) == std::nullopt);
    CHECK(daemons.take(daemons.alpha, 2, k_start + k_lease.count()) == 0);
    CHECK(daemons.take(daemons.beta, 2, k_start + k_lease.count()) == 1);
  }
  SECTION("an instance with a larger count takes the slots beyond the others' count") {
    CHECK(daemons.take(daemons.alpha, 3) == 2);
    CHECK(daemons.take(daemons.beta, 3) == std::nullopt);
  }
}

TEST_CASE("A clean stop or a retired instance gives its host slots back at once",
          "[store][host_slots]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  TwoDaemons daemons;
  REQUIRE(daemons.take(daemons.alpha, 2) == 0);
  REQUIRE(daemons.take(daemons.alpha, 2) == 1);
  REQUIRE(daemons.take(daemons.beta, 2) == std::nullopt);

  SECTION("unregistered") {
    REQUIRE(daemons.alpha.unregister_instance().ok());
  }
  SECTION("retired") {
    CHECK(daemons.beta.retire_instances({"alpha"}).value() == 2);
  }
  SECTION("registered again under its name after a crash") {
    auto restarted = daemons.open_again();
    REQUIRE(restarted->register_instance(instance("alpha", 300), k_start - 30).ok());
  }
  CHECK(daemons.take(daemons.beta, 2) == 0);
  CHECK(daemons.take(daemons.beta, 2) == 1);
}

TEST_CASE("Only a store shared by several daemons asks for its host slots to be taken",
          "[store][host_slots]") {
  const auto backend = GENERATE(from_range(test::store_backends()));
  test::use_backend(backend);
  test::StoreFixture fixture(test::WithFeed::no);
  CHECK(fixture.store->shares_host_slots() == (backend == test::Backend::postgres));
}

}  // namespace
}  // namespace newsmon
