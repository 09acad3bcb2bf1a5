#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace newsmon;
using namespace newsmon::test;

namespace {

// Three stories from two feeds, one alert each, raised an hour apart.
struct ThreeAlerts : StoreFixture {
  std::int64_t other_feed = add_feed("https://feeds.example.org/defence.xml");
  std::vector<std::int64_t> ids;

  ThreeAlerts() {
    add(feed_id, "a", "Abrams tanks for Ukraine", "Washington pledges 31", "arms-pledge",
        {"arms_transfer"}, rules::Severity::high, k_start);
    add(other_feed, "b", "NATO summit in Vilnius", "Allies meet", "alliance-summit",
        {"alliance_diplomacy"}, rules::Severity::medium, k_start + 3600);
    add(feed_id, "c", "K2 tanks for Poland", "Seoul signs a deal", "arms-import", {"arms_transfer"},
        rules::Severity::low, k_start + 7200);
  }

  void add(std::int64_t feed, const std::string& id, const std::string& title,
           const std::string& summary, const std::string& rule, std::vector<std::string> topics,
           rules::Severity severity, store::Epoch at) {
    auto item = make_item(id, title, summary, "https://example.org/" + id,
                          {make_match(rule, std::move(topics), severity)});
    const auto result = ingest(*store, feed, {item}, at).value();
    ids.push_back(result.alerts.at(0).alert_id);
  }

  std::vector<std::string> titles(const store::AlertQuery& query) {
    std::vector<std::string> out;
    const auto rows = store->alerts(query).value();
    for (const auto& row : rows) out.push_back(row.alert.story.title);
    return out;
  }
};

}  // namespace

TEST_CASE("Alerts are filtered by time range, severity, feed and text", "[store][queries]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ThreeAlerts fixture;
  store::AlertQuery query;
  SECTION("a time range keeps what was raised inside it") {
    query.since = k_start + 1;
    query.until = k_start + 7200;
    CHECK(fixture.titles(query) == std::vector<std::string>{"NATO summit in Vilnius"});
  }
  SECTION("a least severity") {
    query.min_severity = rules::Severity::medium;
    CHECK(fixture.titles(query) ==
          std::vector<std::string>{"Abrams tanks for Ukraine", "NATO summit in Vilnius"});
  }
  SECTION("a feed") {
    query.feed_id = fixture.other_feed;
    CHECK(fixture.titles(query) == std::vector<std::string>{"NATO summit in Vilnius"});
  }
  SECTION("text in the title or the summary, ASCII letters caseless") {
    query.text = "TANKS";
    CHECK(fixture.titles(query) ==
          std::vector<std::string>{"Abrams tanks for Ukraine", "K2 tanks for Poland"});
    query.text = "seoul";
    CHECK(fixture.titles(query) == std::vector<std::string>{"K2 tanks for Poland"});
  }
  SECTION("a % or _ in the text stands for itself") {
    for (const char* text : {"%", "_", "K_ tanks", "\\"}) {
      query.text = text;
      CHECK(fixture.titles(query).empty());
    }
  }
}

TEST_CASE("Alerts are paged by id: the next page holds those older than the last shown",
          "[store][queries]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ThreeAlerts fixture;
  store::AlertQuery query;
  query.limit = 2;
  CHECK(fixture.titles(query) ==
        std::vector<std::string>{"NATO summit in Vilnius", "K2 tanks for Poland"});
  query.before_id = fixture.ids[1];
  CHECK(fixture.titles(query) == std::vector<std::string>{"Abrams tanks for Ukraine"});
}

TEST_CASE("An alert is found by a feed any of its stories came from", "[store][queries]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ThreeAlerts fixture;
  // Another outlet's copy of the first story, by its link, in the other feed.
  auto copy = make_item("copy", "Abrams tanks for Ukraine, again", "Washington pledges 31",
                        "https://example.org/a", {make_match("arms-pledge")});
  REQUIRE_FALSE(ingest(*fixture.store, fixture.other_feed, {copy}, k_start + 9000)
                    .value()
                    .alerts.at(0)
                    .raised);
  store::AlertQuery query;
  query.feed_id = fixture.other_feed;
  CHECK(fixture.titles(query) ==
        std::vector<std::string>{"Abrams tanks for Ukraine", "NATO summit in Vilnius"});
  query.text = "again";  // the text is the raising story's
  CHECK(fixture.titles(query).empty());
}

TEST_CASE("Alerts are counted per day and topic, and per day and feed", "[store][queries]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ThreeAlerts fixture;
  const store::Epoch day = k_start / 86400 * 86400;
  CHECK(fixture.store->alerts_per_day(0, store::CountBy::topic).value() ==
        std::vector<store::DailyCount>{{day, "alliance_diplomacy", 0, 1},
                                       {day, "arms_transfer", 0, 2}});
  CHECK(fixture.store->alerts_per_day(0, store::CountBy::feed).value() ==
        std::vector<store::DailyCount>{{day, "", fixture.feed_id, 2},
                                       {day, "", fixture.other_feed, 1}});
  CHECK(fixture.store->alerts_per_day(k_start + 1, store::CountBy::feed).value().size() == 2);
  CHECK(fixture.store->alerts_per_day(k_start + 86400, store::CountBy::topic).value().empty());
}

TEST_CASE("An alert of two rules counts once per topic; a copy raises no count of its own",
          "[store][queries]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  StoreFixture fixture;
  const auto other_feed = fixture.add_feed("https://feeds.example.org/defence.xml");
  auto story =
      make_item("a", "Abrams tanks for Ukraine", "Washington pledges 31", "https://example.org/a",
                {make_match("arms-pledge"), make_match("arms-tanks")});
  REQUIRE(ingest(*fixture.store, fixture.feed_id, {story}, k_start));
  auto copy = make_item("b", "Abrams tanks for Ukraine", "Washington pledges 31",
                        "https://example.org/a", {make_match("alliance-aid", {"alliance"})});
  REQUIRE(ingest(*fixture.store, other_feed, {copy}, k_start + 60));
  const store::Epoch day = k_start / 86400 * 86400;
  CHECK(fixture.store->alerts_per_day(0, store::CountBy::topic).value() ==
        std::vector<store::DailyCount>{{day, "alliance", 0, 1}, {day, "arms_transfer", 0, 1}});
  CHECK(fixture.store->alerts_per_day(0, store::CountBy::feed).value() ==
        std::vector<store::DailyCount>{{day, "", fixture.feed_id, 1}});
  CHECK(fixture.store->feed_activity(0).value() ==
        std::vector<store::FeedActivity>{{fixture.feed_id, 1, 1}, {other_feed, 1, 0}});
}

TEST_CASE("A feed's activity counts its items and the alerts they raised since a time",
          "[store][queries]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ThreeAlerts fixture;
  auto quiet = make_item("d", "Weather", "Rain", "https://example.org/d");
  REQUIRE(ingest(*fixture.store, fixture.other_feed, {quiet}, k_start + 9000));
  CHECK(fixture.store->feed_activity(0).value() ==
        std::vector<store::FeedActivity>{{fixture.feed_id, 2, 2}, {fixture.other_feed, 2, 1}});
  CHECK(fixture.store->feed_activity(k_start + 3601).value() ==
        std::vector<store::FeedActivity>{{fixture.feed_id, 1, 1}, {fixture.other_feed, 1, 0}});
}
