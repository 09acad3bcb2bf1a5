// Feeds and items as `newsmon parse` prints them.

#include <catch2/catch.hpp>

#include "daemon/feed/json.h"

using namespace newsmon::feed;

TEST_CASE("An item prints its text, dates with their raw form, people and enclosures",
          "[feed][json]") {
  Item item;
  item.id = "urn:1";
  item.title = "Tanks";
  item.summary = "Short";
  item.published = Date{DateStatus::parsed, 1700000000, "Tue, 14 Nov 2023 22:13:20 GMT"};
  item.updated = Date{DateStatus::unreadable, 0, "yesterday"};
  item.authors.push_back(Person{"Ann", "", "https://ann.example"});
  item.enclosures.push_back(Enclosure{"https://x.example/a.mp3", "audio/mpeg", std::nullopt});
  const auto json = to_json(item);
  CHECK(json["text"] == "Short");  // the summary when there is no content
  CHECK(json["published"] == 1700000000);
  CHECK(json["published_raw"] == "Tue, 14 Nov 2023 22:13:20 GMT");
  CHECK(json["published_status"] == "parsed");
  CHECK(json["updated"].is_null());
  CHECK(json["updated_status"] == "unreadable");
  CHECK(json["authors"][0] == nlohmann::json{{"name", "Ann"}, {"uri", "https://ann.example"}});
  CHECK(json["enclosures"][0]["length"].is_null());
}

TEST_CASE("A missing date prints as null without raw text", "[feed][json]") {
  const auto json = to_json(Item{});
  CHECK(json["published"].is_null());
  CHECK_FALSE(json.contains("published_raw"));
}

TEST_CASE("A parsed feed prints its channel, entries and report", "[feed][json]") {
  ParsedFeed parsed;
  parsed.feed.format = FeedFormat::atom10;
  parsed.feed.title = "Wire";
  parsed.items.resize(2);
  parsed.report.is_feed = true;
  parsed.report.error = "the feed is malformed";
  const auto json = to_json(parsed);
  CHECK(json["feed"]["title"] == "Wire");
  CHECK(json["entries"].size() == 2);
  CHECK(json["report"]["is_feed"] == true);
  CHECK(json["report"]["error"] == "the feed is malformed");
  CHECK(to_json(ParsedFeed{})["report"]["error"].is_null());
}
