// Items, matches and their deliveries going in together.

#include <catch2/catch.hpp>

#include "daemon/store/webhook_id.h"
#include "tests/store/store_fixture.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using newsmon::test::k_start;
using newsmon::test::make_item;
using newsmon::test::make_match;

TEST_CASE("Ingest stores new items with their alert, matches and one delivery per endpoint",
          "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  std::vector<store::IncomingItem> items;
  items.push_back(make_item("a", "US commits 31 Abrams tanks to Ukraine", "Summary",
                            "https://example.org/a?utm_source=rss",
                            {make_match("arms"), make_match("pledges")}));
  items.push_back(make_item("b", "Weather", "Rain", "https://example.org/b"));
  items[0].item.published = {feed::DateStatus::parsed, k_start - 3600, "Sun, 29 Jan 2023"};
  items[1].item.published = {feed::DateStatus::unreadable, 0, "yesterday-ish"};

  const auto result = test::ingest(*fixture.store, fixture.feed_id, std::move(items), k_start,
                                   {"analysts", "slack"});
  REQUIRE(result.ok());
  CHECK(result->new_items == 2);
  CHECK(result->alerts_raised == 1);
  CHECK(result->copies == 0);
  CHECK(result->deliveries == 2);
  REQUIRE(result->alerts.size() == 1);
  CHECK(result->alerts[0].raised);
  CHECK(result->alerts[0].rule_ids == std::vector<std::string>{"arms", "pledges"});
  CHECK(result->alerts[0].title == "US commits 31 Abrams tanks to Ukraine");
  CHECK(test::query(fixture.db, "SELECT a.item_id, a.open_link FROM alerts a") ==
        std::vector<test::Row>{{"1", "https://example.org/a"}});
  CHECK(test::query(fixture.db, "SELECT rule_id, alert_id FROM matches ORDER BY id") ==
        std::vector<test::Row>{{"arms", "1"}, {"pledges", "1"}});

  CHECK(test::query(fixture.db,
                    "SELECT entry_id, canonical_link, published_at, published_status, "
                    "published_raw, first_seen FROM items ORDER BY id") ==
        std::vector<test::Row>{{"a", "https://example.org/a", std::to_string(k_start - 3600),
                                "parsed", "Sun, 29 Jan 2023", std::to_string(k_start)},
                               {"b", "https://example.org/b", "NULL", "unreadable", "yesterday-ish",
                                std::to_string(k_start)}});
  CHECK(test::query(fixture.db,
                    "SELECT endpoint, sequence, state, attempts, next_attempt_at, rules, topics, "
                    "severity FROM deliveries ORDER BY endpoint") ==
        std::vector<test::Row>{{"analysts", "0", "pending", "0", std::to_string(k_start),
                                R"(["arms","pledges"])", R"(["arms_transfer"])", "high"},
                               {"slack", "0", "pending", "0", std::to_string(k_start),
                                R"(["arms","pledges"])", R"(["arms_transfer"])", "high"}});
  CHECK(test::query_value(fixture.db, "SELECT hits FROM matches WHERE rule_id = 'arms'") ==
        R"([{"end":6,"field":"title","start":0,"text":"Abrams"}])");
}

TEST_CASE("An item seen again is neither stored nor alerted twice", "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  const auto batch = [] {
    std::vector<store::IncomingItem> items;
    items.push_back(make_item("a", "US commits 31 Abrams tanks to Ukraine", "S",
                              "https://example.org/a", {make_match("arms")}));
    return items;
  };
  REQUIRE(test::ingest(*fixture.store, fixture.feed_id, batch(), k_start).value().new_items == 1);
  const auto again = test::ingest(*fixture.store, fixture.feed_id, batch(), k_start + 600).value();
  CHECK(again.new_items == 0);
  CHECK(again.alerts_raised == 0);
  CHECK(again.deliveries == 0);
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM items") == "1");
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM matches") == "1");
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM deliveries") == "1");

  SECTION("the poller can ask which entries are known before matching") {
    CHECK(fixture.store->known_entry_ids(fixture.feed_id, {"x", "a", "y"}).value() ==
          std::vector<std::string>{"a"});
    const auto other = fixture.add_feed("https://other.example/feed");
    CHECK(fixture.store->known_entry_ids(other, {"a"}).value().empty());
  }
}

TEST_CASE("A failed ingest writes nothing at all", "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  std::vector<store::IncomingItem> items;
  items.push_back(make_item("a", "T", "S", "https://example.org/a", {make_match("arms")}));
  const auto result = test::ingest(*fixture.store, 9999, std::move(items), k_start);
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error().message, Catch::Contains("9999"));
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM items") == "0");
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM deliveries") == "0");
}

TEST_CASE("Webhook ids depend on the alert's story, the endpoint and the follow-up only",
          "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  const auto story = store::story_key_of("https://feeds.example.org/world.xml", "a");
  const auto id = store::webhook_id_for(story, "analysts", 0);
  CHECK(id.size() == 36);
  CHECK(id.rfind("msg_", 0) == 0);
  CHECK(store::webhook_id_for(story, "analysts", 0) == id);
  CHECK(store::webhook_id_for(story, "slack", 0) != id);
  CHECK(store::webhook_id_for(story, "analysts", 1) != id);
  CHECK(store::webhook_id_for(store::story_key_of("https://feeds.example.org/world.xml", "b"),
                              "analysts", 0) != id);
  CHECK(store::digest_webhook_id("analysts", k_start) ==
        store::digest_webhook_id("analysts", k_start));
  CHECK(store::digest_webhook_id("analysts", k_start) !=
        store::digest_webhook_id("analysts", k_start + 3600));

  SECTION("and are what ingest stores, so a rebuilt database sends the same ids") {
    test::StoreFixture fixture;
    std::vector<store::IncomingItem> items;
    items.push_back(make_item("a", "T", "S", "https://example.org/a", {make_match("arms")}));
    REQUIRE(test::ingest(*fixture.store, fixture.feed_id, std::move(items), k_start).ok());
    CHECK(test::query_value(fixture.db, "SELECT webhook_id FROM deliveries") == id);
  }
}
