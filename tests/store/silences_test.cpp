// Silences in the store: added, listed as active or expired, ended early, and counted by
// the deliveries they held.

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using newsmon::test::k_start;

namespace {

store::NewSilence new_silence(std::string rule_glob, store::Epoch ends_at) {
  store::NewSilence silence;
  silence.matchers.rule_glob = std::move(rule_glob);
  silence.comment = "summit week";
  silence.created_by = "ana";
  silence.starts_at = k_start;
  silence.ends_at = ends_at;
  return silence;
}

// Plans every delivery as held by silence `id`, as the router does when it holds.
class HeldBy final : public store::DeliveryPlanner {
 public:
  explicit HeldBy(std::int64_t id) : m_id(id) {}
  std::vector<store::PlannedDelivery> plan(const store::AlertContext& alert,
                                           store::Epoch now) const override {
    if (!alert.deliveries.empty()) return {};
    return {{"analysts",
             {{"nato-summit"}, {}, rules::Severity::medium},
             now,
             std::nullopt,
             store::HoldReason::silenced,
             m_id}};
  }

 private:
  std::int64_t m_id;
};

}  // namespace

TEST_CASE("Silences are stored, listed newest first and judged active at a time",
          "[store][silences]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  auto& store = *fixture.store;
  const auto day = store.add_silence(new_silence("nato-*", k_start + 86400), k_start).value();
  const auto hour = store.add_silence(new_silence("arms-*", k_start + 3600), k_start).value();
  CHECK(hour > day);

  const auto all = store.silences({store::SilenceState::all, k_start, 10, 0}).value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == hour);
  CHECK(all[1].matchers.rule_glob == "nato-*");
  CHECK(all[1].comment == "summit week");
  CHECK(all[1].created_by == "ana");
  CHECK(all[1].created_at == k_start);
  CHECK(all[1].ends_at == k_start + 86400);
  CHECK_FALSE(all[1].expired_at);

  const auto later = k_start + 7200;
  const auto active = store.silences({store::SilenceState::active, later, 10, 0}).value();
  REQUIRE(active.size() == 1);
  CHECK(active[0].id == day);
  const auto expired = store.silences({store::SilenceState::expired, later, 10, 0}).value();
  REQUIRE(expired.size() == 1);
  CHECK(expired[0].id == hour);

  SECTION("a console pages through them by id") {
    const auto first = store.silences({store::SilenceState::all, k_start, 1, 0}).value();
    REQUIRE(first.size() == 1);
    CHECK(first[0].id == hour);
    const auto next = store.silences({store::SilenceState::all, k_start, 1, first[0].id}).value();
    REQUIRE(next.size() == 1);
    CHECK(next[0].id == day);
    CHECK(store.silences({store::SilenceState::all, k_start, 1, day}).value().empty());
  }
}

TEST_CASE("An expired silence ends now and stays listed", "[store][silences]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  auto& store = *fixture.store;
  const auto id = store.add_silence(new_silence("nato-*", k_start + 86400), k_start).value();
  CHECK(store.expire_silence(id, k_start + 100).value());
  CHECK_FALSE(store.expire_silence(id, k_start + 200).value());  // had already ended
  CHECK_FALSE(store.expire_silence(id + 1, k_start).ok());
  const auto all = store.silences({store::SilenceState::all, k_start + 300, 10, 0}).value();
  REQUIRE(all.size() == 1);
  CHECK(all[0].ends_at == k_start + 100);
  CHECK(all[0].expired_at == k_start + 100);
  CHECK_FALSE(all[0].active_at(k_start + 300));
  CHECK(store.silences({store::SilenceState::active, k_start + 300, 10, 0}).value().empty());
}

TEST_CASE("A held delivery names its silence, which counts it", "[store][silences]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  auto& store = *fixture.store;
  const auto id = store.add_silence(new_silence("nato-*", k_start + 86400), k_start).value();
  std::vector<store::IncomingItem> items;
  items.push_back(test::make_item("s", "NATO summit opens", "", "https://example.org/s",
                                  {test::make_match("nato-summit")}));
  const auto result = store.ingest(fixture.feed_id, std::move(items), k_start, {}, HeldBy(id));
  REQUIRE(result.ok());
  CHECK(result->held == 1);
  CHECK(result->deliveries == 0);
  CHECK(test::query(fixture.db, "SELECT state, hold_reason, silence_id FROM deliveries") ==
        std::vector<test::Row>{{"held", "silenced", std::to_string(id)}});
  CHECK(store.silences({store::SilenceState::all, k_start, 10, 0}).value().at(0).held_deliveries ==
        1);
  // Nothing held is ever leased.
  CHECK(store.lease_deliveries("analysts", k_start + 10, std::chrono::seconds(60), 10)
            .value()
            .empty());
  CHECK_FALSE(store.next_delivery_due("analysts", k_start).value());
  // The console finds the alerts a silence held.
  store::AlertQuery query;
  query.silence_id = id;
  CHECK(store.alerts(query).value().size() == 1);
  query.silence_id = id + 1;
  CHECK(store.alerts(query).value().empty());
}
