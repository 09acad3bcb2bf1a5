// From parsed items to stored alerts: the ingester picks the new items, matches them, routes
// each alert to the webhooks that want it, and wakes the alerter when deliveries are queued.

#include <catch2/catch.hpp>

#include "daemon/poll/ingest.h"
#include "daemon/rules/rule_set.h"
#include "tests/store/store_fixture.h"

using namespace newsmon;

namespace {

constexpr const char* k_rules = R"(
rules:
  - id: abrams
    topics: [arms_transfer]
    severity: high
    query: abrams AND tank*
  - id: summit
    topics: [alliance_diplomacy]
    query: summit
)";

feed::Item item(const std::string& id, const std::string& title) {
  feed::Item item;
  item.id = id;
  item.title = title;
  item.link = "https://wire.example.net/" + id;
  return item;
}

alert::Endpoint webhook(const std::string& name, std::vector<std::string> topics) {
  alert::Endpoint endpoint;
  endpoint.name = name;
  endpoint.url = "https://hooks.example.org/" + name;
  endpoint.topics = std::move(topics);
  return endpoint;
}

struct IngestFixture : test::StoreFixture {
  util::FakeClock clock{util::from_epoch_seconds(test::k_start)};
  poll::Ingester ingester{*store, clock};
  int wakes = 0;

  IngestFixture() {
    auto loaded = rules::load_rules_from_text(k_rules, "test.yaml");
    REQUIRE(loaded.errors.empty());
    ingester.set_rules(loaded.rules);
    ingester.set_routing({webhook("arms", {"arms_transfer"}), webhook("all", {})}, {}, {});
    ingester.on_new_deliveries([this] { ++wakes; });
  }

  store::FeedState feed() { return store->feeds().value().at(0); }
};

}  // namespace

TEST_CASE("New items are matched, stored and routed; the alerter is woken once", "[poll][ingest]") {
  IngestFixture fixture;
  std::vector<feed::Item> items{item("1", "US commits 31 Abrams tanks to Ukraine"),
                                item("2", "Leaders gather for the summit"),
                                item("3", "Weather for the weekend")};
  const auto result = fixture.ingester.ingest(fixture.feed(), std::move(items)).value();
  CHECK(result.new_items == 3);
  CHECK(result.alerts_raised == 2);
  CHECK(result.deliveries == 3);  // abrams to both webhooks, the summit to "all" only
  CHECK(fixture.wakes == 1);
  CHECK(fixture.ingester.alerts_by_rule() ==
        std::map<std::string, std::uint64_t>{{"abrams", 1}, {"summit", 1}});
  CHECK(fixture.ingester.rule_count() == 2);
}

TEST_CASE("Items already stored, or twice in one document, are skipped", "[poll][ingest]") {
  IngestFixture fixture;
  REQUIRE(fixture.ingester.ingest(fixture.feed(), {item("1", "Abrams tanks for Kyiv")}).ok());
  const auto again =
      fixture.ingester
          .ingest(fixture.feed(), {item("1", "Abrams tanks for Kyiv"),
                                   item("2", "Abrams tanks arrive"), item("2", "Abrams tanks")})
          .value();
  CHECK(again.new_items == 1);
  CHECK(fixture.wakes == 2);
  const auto nothing = fixture.ingester.ingest(fixture.feed(), {item("2", "Abrams tanks")}).value();
  CHECK(nothing.new_items == 0);
  CHECK(fixture.wakes == 2);
}

TEST_CASE("Without rules items are stored and nothing is raised", "[poll][ingest]") {
  test::StoreFixture store;
  util::FakeClock clock{util::from_epoch_seconds(test::k_start)};
  poll::Ingester ingester(*store.store, clock);
  const auto result =
      ingester.ingest(store.store->feeds().value().at(0), {item("1", "Abrams tanks")}).value();
  CHECK(result.new_items == 1);
  CHECK(result.alerts_raised == 0);
  CHECK(ingester.rule_count() == 0);
}
