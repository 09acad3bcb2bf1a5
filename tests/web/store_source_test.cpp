#include <catch2/catch.hpp>

#include "daemon/web/store_source.h"
#include "tests/store/store_fixture.h"

using namespace newsmon;
using namespace newsmon::test;

namespace {

std::int64_t add_alert(StoreFixture& fixture, const std::string& id, const std::string& title,
                       store::Epoch at, std::vector<rules::Match> matches = {}) {
  if (matches.empty()) matches = {make_match("arms-pledge")};
  auto item = make_item(id, title, "Washington pledges 31 tanks",
                        "https://user:pw@example.org/" + id, std::move(matches));
  return ingest(*fixture.store, fixture.feed_id, {item}, at).value().alerts.at(0).alert_id;
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

TEST_CASE("An alert is one story with every rule it matched, the most severe first",
          "[web][store-source]") {
  StoreFixture fixture;
  auto tanks = make_match("arms-tanks", {"arms_transfer", "armour"}, rules::Severity::medium);
  tanks.events.clear();
  const auto id = add_alert(fixture, "a", "Abrams for Ukraine", k_start,
                            {tanks, make_match("arms-pledge", {"arms_transfer"})});
  const auto source = web::make_store_source(*fixture.store);
  const auto page = source->alerts({}).value();
  REQUIRE(page.alerts.size() == 1);
  const auto& alert = page.alerts[0];
  CHECK(alert.id == id);
  CHECK(alert.rules == std::vector<std::string>{"arms-pledge", "arms-tanks"});
  CHECK(alert.topics == std::vector<std::string>{"arms_transfer", "armour"});
  CHECK(alert.severity == rules::Severity::high);
  REQUIRE(alert.main_event);
  CHECK(alert.main_event->supplier == "United States");
  web::AlertFilter by_rule;
  by_rule.rule = "arms-tanks";
  CHECK(source->alerts(by_rule).value().alerts.size() == 1);
  by_rule.rule = "arms-other";
  CHECK(source->alerts(by_rule).value().alerts.empty());
}

TEST_CASE("An alert's detail has its story, rules, cleaned hits and deliveries",
          "[web][store-source]") {
  StoreFixture fixture;
  auto match = make_match("arms-pledge");
  match.hits = {{rules::Field::title, 0, 6, "Abrams"}, {rules::Field::title, 7, 10, "for"}};
  const auto id = add_alert(fixture, "a", "Abrams for Ukraine", k_start, {match});
  const auto source = web::make_store_source(*fixture.store);
  const auto detail = source->alert(id).value();
  REQUIRE(detail);
  CHECK(detail->summary.title == "Abrams for Ukraine");
  CHECK(detail->summary.link == "https://user:pw@example.org/a");  // pages link it safely
  REQUIRE(detail->matches.size() == 1);
  CHECK_FALSE(detail->matches[0].on_copy);
  REQUIRE(detail->matches[0].hits.size() == 1);  // "for" is a function word
  CHECK(detail->matches[0].hits[0].text == "Abrams");
  REQUIRE(detail->story_hits.size() == 1);
  REQUIRE(detail->deliveries.size() == 1);
  const auto& delivery = detail->deliveries[0];
  CHECK(delivery.endpoint == "analysts");
  CHECK(delivery.state == "pending");
  CHECK(delivery.sequence == 0);
  CHECK(delivery.rules == std::vector<std::string>{"arms-pledge"});
  CHECK(delivery.webhook_id.starts_with("msg_"));
  CHECK(detail->snippet.text == "Abrams for Ukraine");  // the store has none: the title
  CHECK(detail->snippet.highlights == std::vector<std::pair<std::size_t, std::size_t>>{{0, 6}});
  CHECK_FALSE(source->alert(id + 1).value());
  CHECK_FALSE(source->alert(0).value());
}

TEST_CASE("The snippet is the one the store keeps with the alert", "[web][store-source]") {
  StoreFixture fixture;
  auto item = make_item("s", "Tanks", "Washington pledges 31 Abrams tanks.",
                        "https://example.org/s", {make_match("arms-pledge")});
  item.snippet = {rules::Field::summary, "Washington pledges 31 Abrams tanks.", {{22, 28}}};
  const auto id =
      ingest(*fixture.store, fixture.feed_id, {item}, k_start).value().alerts.at(0).alert_id;
  const auto detail = web::make_store_source(*fixture.store)->alert(id).value();
  REQUIRE(detail);
  CHECK(detail->snippet.text == "Washington pledges 31 Abrams tanks.");
  CHECK(detail->snippet.highlights == std::vector<std::pair<std::size_t, std::size_t>>{{22, 28}});
}

TEST_CASE("A copy adds its outlet and its rules, its hits kept apart from the story's",
          "[web][store-source]") {
  StoreFixture fixture;
  const auto other = fixture.add_feed("https://paper.example.com/feed.xml");
  const auto id = add_alert(fixture, "a", "Abrams for Ukraine", k_start);
  auto match = make_match("alliance-aid", {"alliance"}, rules::Severity::medium);
  match.hits = {{rules::Field::title, 10, 16, "allies"}};
  auto copy =
      make_item("b", "Allies: Abrams for Ukraine", "", "https://user:pw@example.org/a", {match});
  REQUIRE(ingest(*fixture.store, other, {copy}, k_start + 60));
  const auto detail = web::make_store_source(*fixture.store)->alert(id).value();
  REQUIRE(detail);
  CHECK(detail->summary.outlets ==
        std::vector<std::string>{"feeds.example.org", "paper.example.com"});
  CHECK(detail->summary.rules == std::vector<std::string>{"arms-pledge", "alliance-aid"});
  REQUIRE(detail->matches.size() == 2);
  CHECK(detail->matches[1].on_copy);
  REQUIRE(detail->story_hits.size() == 1);
  CHECK(detail->story_hits[0].text == "Abrams");
  REQUIRE(detail->also_reported_by.size() == 1);
  CHECK(detail->also_reported_by[0].title == "Allies: Abrams for Ukraine");
  web::AlertFilter by_feed;
  by_feed.feed_id = other;
  CHECK(web::make_store_source(*fixture.store)->alerts(by_feed).value().alerts.size() == 1);
}

TEST_CASE("Silences added and expired through the console are the store's", "[web][store-source]") {
  StoreFixture fixture;
  const auto source = web::make_store_source(*fixture.store);
  const store::NewSilence silence{
      {"arms-*", "", "", "", ""}, "noisy", "ana", k_start, k_start + 86400};
  const auto id = source->add_silence(silence, k_start).value();
  auto stored = fixture.store->silences({store::SilenceState::active, k_start + 1}).value();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].id == id);
  CHECK(stored[0].matchers.rule_glob == "arms-*");
  CHECK(source->silences(k_start + 1).value() == stored);
  CHECK(source->expire_silence(id, k_start + 60).value());
  CHECK_FALSE(source->expire_silence(id, k_start + 61).value());
  CHECK(fixture.store->silences({store::SilenceState::active, k_start + 61}).value().empty());
  CHECK_FALSE(source->expire_silence(id + 1, k_start + 62));
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

TEST_CASE("Filter choices name the rules stored and the feeds", "[web][store-source]") {
  StoreFixture fixture;
  add_alert(fixture, "a", "one", k_start, {make_match("old-rule", {"old_topic"})});
  const auto choices = web::make_store_source(*fixture.store)->choices().value();
  CHECK(choices.rules == std::vector<std::string>{"old-rule"});
  REQUIRE(choices.feeds.size() == 1);
  CHECK(choices.feeds[0].second == "feeds.example.org");
}
