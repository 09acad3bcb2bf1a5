// Entries of XML feeds: ids, links resolved against the feed and xml:base, authors,
// encoded content, and links no reader should follow.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/feed/parse.h"
#include "tests/feed/samples.h"

using namespace newsmon::feed;
using namespace newsmon::test;

TEST_CASE("RSS relative links resolve against the feed URL and authors split name and email",
          "[feed][rss]") {
  const auto parsed = parse_sample("rss20-full.xml", "https://news.example.org/world/rss.xml");
  const Item& second = parsed.items[1];
  CHECK(second.link == "https://news.example.org/world/2023/01/30/poland-tanks");
  CHECK(second.id == second.link);
  CHECK(second.id_is_fallback);
  CHECK(second.published.epoch_seconds == 1675065600);
  REQUIRE(second.authors.size() == 1);
  CHECK(second.authors[0].name == "Defence Desk");
  CHECK(second.authors[0].email == "desk@news.example.org");
}

TEST_CASE("An entry without id or link gets a stable hash id", "[feed][rss]") {
  const auto once = parse_sample("rss20-full.xml");
  const auto again = parse_sample("rss20-full.xml");
  const Item& third = once.items[2];
  CHECK(third.id_is_fallback);
  CHECK(third.id.rfind("sha256:", 0) == 0);
  CHECK(third.id == again.items[2].id);
  CHECK(third.link.empty());
}

TEST_CASE("A permalink guid serves as the link and an unreadable date is flagged", "[feed][rss]") {
  const auto parsed = parse_sample("rss20-full.xml");
  const Item& fourth = parsed.items[3];
  CHECK(fourth.link == "https://news.example.org/world/guid-as-link");
  CHECK(fourth.id == "https://news.example.org/world/guid-as-link");
  CHECK(fourth.published.status == DateStatus::unreadable);
  CHECK(fourth.published.raw == "not a date at all");
  CHECK(parsed.items[2].published.status == DateStatus::missing);
}

TEST_CASE("Atom 0.3 escaped and base64 content is decoded", "[feed][atom]") {
  const auto parsed = parse_sample("atom03.xml");
  CHECK(parsed.feed.format == FeedFormat::atom03);
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Escaped <b>bold</b>");
  CHECK(parsed.items[0].content == "Base64 body");
  CHECK(parsed.items[0].published.epoch_seconds == 1073318400);
  CHECK(parsed.feed.updated.epoch_seconds == 1073304000);
}

TEST_CASE("A script link hidden by tabs, line breaks or control characters is dropped",
          "[feed][rss]") {
  const auto parsed = parse_feed(
      "<rss version=\"2.0\"><channel>"
      "<item><title>tab</title><link>JaVa&#9;ScRiPt:alert(1)</link></item>"
      "<item><title>control</title><link>&#1; javascript:alert(1)</link></item>"
      "<item><title>line break</title><link>data&#10;:text/html,x</link></item>"
      "<item><title>fine</title><link> https://exa&#10;mple.org/a </link></item>"
      "</channel></rss>",
      {"https://feeds.example.org/rss.xml", ""});
  REQUIRE(parsed.items.size() == 4);
  CHECK(parsed.items[0].link.empty());
  CHECK(parsed.items[1].link.empty());
  CHECK(parsed.items[2].link.empty());
  CHECK(parsed.items[3].link == "https://example.org/a");
}

TEST_CASE("A relative link resolved against a script or data base is dropped", "[feed][atom]") {
  // Found by fuzzing: xml:base is the feed's to choose, and "data://h/" made a data: link.
  const auto parsed = parse_feed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"data://h/\">"
      "<entry><id>1</id><link href=\"story\"/></entry>"
      "<entry xml:base=\"javascript://x/\"><id>2</id><link href=\"%0Aalert(1)\"/></entry>"
      "<entry xml:base=\"https://news.example.org/a/\"><id>3</id><link href=\"b\"/></entry>"
      "</feed>",
      {"https://feeds.example.org/atom.xml", ""});
  REQUIRE(parsed.items.size() == 3);
  CHECK(parsed.items[0].link.empty());
  CHECK(parsed.items[1].link.empty());
  CHECK(parsed.items[2].link == "https://news.example.org/a/b");
}
