#include <catch2/catch.hpp>

#include "daemon/web/store_source.h"
#include "tests/store/store_fixture.h"

using namespace newsmon;
using namespace newsmon::test;

namespace {

std::int64_t add_alert(StoreFixture& fixture, const std::string& id, const std::string& title,
                       store::Epoch at) {
  auto match = make_match("arms-pledge");
  match.hits = {{rules::Field::title, 0, 6, "Abrams"}};
  auto item = make_item(id, title, "Washington pledges 31 tanks",
                        "https://user:pw@example.org/" + id, {{match, {"analysts"}}});
  return fixture.store->ingest(fixture.feed_id, {item}, at, {}).value().alerts.at(0).match_id;
}

}  // namespace

TEST_CASE("The store source pages alerts newest first and knows when older ones exist",
          "[web][store-source]") {
  StoreFixture fixture;
  for (int i = 0; i < 5; ++i) {
    add_alert(fixture, "s" + std::to_string(i), "Abrams story " + std::to_string(i), k_start + i);
  }
  const auto source = web::make_store_source(*fixture.store);
  web::AlertFilter filter;
  filter.limit = 2;
  auto page = source->alerts(filter).value();
  REQUIRE(page.alerts.size() == 2);
  CHECK(page.alerts[0].title == "Abrams story 4");
  CHECK(page.alerts[1].title == "Abrams story 3");
  CHECK(page.has_older);
  filter.before_id = page.alerts[1].id;
  filter.limit = 5;
  page = source->alerts(filter).value();
  CHECK(page.alerts.size() == 3);
  CHECK_FALSE(page.has_older);
  CHECK(page.alerts[0].main_event->recipient == "Ukraine");
}

TEST_CASE("An alert's detail has its story, rules, hits and deliveries", "[web][store-source]") {
  StoreFixture fixture;
  const auto id = add_alert(fixture, "a", "Abrams for Ukraine", k_start);
  const auto source = web::make_store_source(*fixture.store);
  const auto detail = source->alert(id).value();
  REQUIRE(detail);
  CHECK(detail->summary.title == "Abrams for Ukraine");
  CHECK(detail->summary.link == "https://user:pw@example.org/a");  // pages link it safely
  REQUIRE(detail->matches.size() == 1);
  CHECK(detail->matches[0].hits[0].text == "Abrams");
  REQUIRE(detail->deliveries.size() == 1);
  CHECK(detail->deliveries[0].endpoint == "analysts");
  CHECK(detail->deliveries[0].state == "pending");
  CHECK(detail->snippet.text == "Abrams for Ukraine");  // no hit in the summary: the title
  CHECK(detail->snippet.highlights == std::vector<std::pair<std::size_t, std::size_t>>{{0, 6}});
  CHECK_FALSE(source->alert(id + 1).value());
}

TEST_CASE("A snippet is the summary around its first hit, the hits moved with it",
          "[web][store-source]") {
  StoreFixture fixture;
  const std::string summary =
      std::string(200, 'x') + " Washington pledges 31 Abrams tanks " + std::string(400, 'y');
  auto match = make_match("arms-pledge");
  match.hits = {{rules::Field::summary, 223, 229, "Abrams"}};
  auto item = make_item("s", "Tanks", summary, "https://example.org/s", {{match, {}}});
  const auto id =
      fixture.store->ingest(fixture.feed_id, {item}, k_start, {}).value().alerts.at(0).match_id;
  const auto detail = web::make_store_source(*fixture.store)->alert(id).value();
  REQUIRE(detail);
  const auto& snippet = detail->snippet;
  REQUIRE(snippet.highlights.size() == 1);
  const auto [start, end] = snippet.highlights[0];
  CHECK(snippet.text.substr(start, end - start) == "Abrams");
  CHECK(snippet.text.starts_with("…x"));
  CHECK(snippet.text.ends_with("y…"));
  CHECK(snippet.text.size() <= 300 + 2 * std::string("…").size());
}

TEST_CASE("Feeds show their health and a week's items and alerts", "[web][store-source]") {
  StoreFixture fixture;
  add_alert(fixture, "a", "Abrams for Ukraine", k_start);
  auto state = fixture.store->feeds().value().at(0);
  state.last_result = store::PollResult::http_error;
  state.last_http_status = 500;
  state.last_error = "GET https://bot:secret@feeds.example.org/world.xml: 500";
  state.consecutive_failures = 1;
  REQUIRE(fixture.store->save_feed_state(state));
  const auto source = web::make_store_source(*fixture.store);
  auto feeds = source->feeds(k_start + 3600).value();
  REQUIRE(feeds.size() == 1);
  CHECK(feeds[0].health == web::FeedHealth::failing);
  CHECK(feeds[0].items_7d == 1);
  CHECK(feeds[0].alerts_7d == 1);
  CHECK(feeds[0].error == "GET https://feeds.example.org/world.xml: 500");
  state.consecutive_failures = 3;
  REQUIRE(fixture.store->save_feed_state(state));
  CHECK(source->feeds(k_start).value()[0].health == web::FeedHealth::backing_off);
  CHECK(source->feeds(k_start + 8 * 86400).value()[0].items_7d == 0);
}

TEST_CASE("Activity has one value per day of the period for each topic and feed",
          "[web][store-source]") {
  StoreFixture fixture;
  add_alert(fixture, "a", "Abrams one", k_start - 86400);
  add_alert(fixture, "b", "Abrams two", k_start);
  const auto source = web::make_store_source(*fixture.store);
  const auto activity = source->activity(k_start, 30).value();
  CHECK(activity.days == 30);
  REQUIRE(activity.by_topic.size() == 1);
  CHECK(activity.by_topic[0].name == "arms_transfer");
  REQUIRE(activity.by_topic[0].per_day.size() == 30);
  CHECK(activity.by_topic[0].per_day[28] == 1);
  CHECK(activity.by_topic[0].per_day[29] == 1);
  REQUIRE(activity.by_feed.size() == 1);
  CHECK(activity.by_feed[0].name == "feeds.example.org");
}

TEST_CASE("newer_than lists alerts raised after one, oldest first", "[web][store-source]") {
  StoreFixture fixture;
  const auto first = add_alert(fixture, "a", "one", k_start);
  add_alert(fixture, "b", "two", k_start + 1);
  add_alert(fixture, "c", "three", k_start + 2);
  const auto source = web::make_store_source(*fixture.store);
  const auto newer = source->newer_than(first, 10).value();
  REQUIRE(newer.size() == 2);
  CHECK(newer[0].title == "two");
  CHECK(newer[1].title == "three");
}
