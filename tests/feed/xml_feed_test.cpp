// The XML feed reader: RSS 2.0, RSS 1.0 and Atom documents to a feed and its entries,
// and what it saves from a document that breaks part-way.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/feed/parse.h"
#include "tests/feed/samples.h"

using namespace newsmon::feed;
using namespace newsmon::test;

TEST_CASE("An RSS 2.0 feed gives its channel and items with namespaces", "[feed][rss]") {
  const auto parsed = parse_sample("rss20-full.xml", "https://news.example.org/world/rss.xml");
  REQUIRE(parsed.report.is_feed);
  CHECK(parsed.report.well_formed);
  CHECK(parsed.feed.format == FeedFormat::rss20);
  CHECK(parsed.feed.title == "World News & Analysis");
  CHECK(parsed.feed.link == "https://news.example.org/world/");
  CHECK(parsed.feed.language == "en-gb");
  CHECK(parsed.feed.ttl_minutes == 15);
  CHECK(parsed.feed.updated.epoch_seconds == 1675071000);
  CHECK(parsed.feed.self_links ==
        std::vector<std::string>{"https://news.example.org/world/rss.xml"});
  CHECK(parsed.feed.hub_links == std::vector<std::string>{"https://hub.example.org/"});
  CHECK(parsed.feed.skip_hours == std::vector<int>{1, 2});
  CHECK(parsed.feed.skip_days == std::vector<std::string>{"Sunday"});
  REQUIRE(parsed.items.size() == 4);

  const Item& first = parsed.items[0];
  CHECK(first.id == "news-example-12345");
  CHECK_FALSE(first.id_is_fallback);
  CHECK(first.link == "https://news.example.org/world/2023/01/30/nato-korea?utm_source=rss");
  CHECK(first.title == "NATO chief urges South Korea to send weapons to Ukraine");
  CHECK(first.summary ==
        "Jens Stoltenberg said on Monday that Seoul should reconsider its policy.");
  CHECK(first.summary_html ==
        "<p>Jens Stoltenberg said on Monday that Seoul should <b>reconsider</b> its policy.</p>");
  CHECK(
      first.content ==
      "Jens Stoltenberg said on Monday that Seoul should reconsider.\nPoland has bought K2 tanks.");
  CHECK(first.published.epoch_seconds == 1675066320);
  CHECK(first.published.raw == "Mon, 30 Jan 2023 09:12:00 +0100");
  REQUIRE(first.authors.size() == 1);
  CHECK(first.authors[0].name == "Jane Reporter");
  CHECK(first.categories == std::vector<std::string>{"Defence", "Korea"});
  REQUIRE(first.enclosures.size() == 2);
  CHECK(first.enclosures[0].url == "https://cdn.example.org/photo.jpg");
  CHECK(first.enclosures[0].type == "image/jpeg");
  CHECK(first.enclosures[0].length == 48213);
  CHECK(first.enclosures[1].url == "https://cdn.example.org/video.mp4");
}

TEST_CASE("An Atom 1.0 feed resolves xml:base and reads its text constructs", "[feed][atom]") {
  const auto parsed = parse_sample("atom10-full.xml");
  REQUIRE(parsed.report.is_feed);
  CHECK(parsed.feed.format == FeedFormat::atom10);
  CHECK(parsed.feed.title == "Diplomatie <heute>");
  CHECK(parsed.feed.language == "de");
  CHECK(parsed.feed.link == "https://atom.example.net/");
  CHECK(parsed.feed.hub_links == std::vector<std::string>{"https://pubsubhubbub.example.com/"});
  REQUIRE(parsed.items.size() == 2);
  const Item& entry = parsed.items[0];
  CHECK(entry.title == "Summit in Vilnius");
  CHECK(entry.title_html == "Summit in <em>Vilnius</em>");
  CHECK(entry.link == "https://atom.example.net/blog/posts/vilnius");
  CHECK(entry.id == "tag:atom.example.net,2023:vilnius");
  CHECK(entry.published.epoch_seconds == 1675062720);
  CHECK(entry.updated.epoch_seconds == 1675072800);
  CHECK(entry.summary == "Allies meet.");
  CHECK(entry.content == "Allies meet in Vilnius.\nSecond paragraph.");
  CHECK(entry.content_html ==
        "<p>Allies <strong>meet</strong> in Vilnius.</p><p>Second paragraph.</p>");
  REQUIRE(entry.authors.size() == 1);
  CHECK(entry.authors[0].name == "Max Muster");
  CHECK(entry.authors[0].email == "max@example.net");
  CHECK(entry.authors[0].uri == "https://atom.example.net/about/max");
  CHECK(entry.categories == std::vector<std::string>{"diplomacy"});
  REQUIRE(entry.enclosures.size() == 1);
  CHECK(entry.enclosures[0].url == "https://atom.example.net/audio/vilnius.mp3");
  CHECK(entry.enclosures[0].length == 1337);
  CHECK(parsed.items[1].link == "https://other.example.net/news/item-2.html");
  CHECK(parsed.items[1].published.status == DateStatus::missing);
  CHECK(&parsed.items[1].best_date() == &parsed.items[1].updated);
}

TEST_CASE("RSS 1.0 items sit beside the channel and take Dublin Core fields", "[feed][rdf]") {
  const auto parsed = parse_sample("rss10.xml");
  CHECK(parsed.feed.format == FeedFormat::rss10);
  CHECK(parsed.feed.title == "RDF Site Summary");
  REQUIRE(parsed.items.size() == 1);
  const Item& item = parsed.items[0];
  CHECK(item.id == "https://rdf.example.com/1");
  CHECK(item.title == "First RDF item");
  CHECK(item.updated.epoch_seconds == 1675066320);
  CHECK(item.best_date().epoch_seconds == 1675066320);
  REQUIRE(item.authors.size() == 1);
  CHECK(item.authors[0].name == "Ana Autora");
  CHECK(item.categories == std::vector<std::string>{"Politics"});
}

TEST_CASE("A truncated feed keeps its complete entries and says where it broke", "[feed][broken]") {
  const auto parsed = parse_broken("truncated.xml");
  CHECK(parsed.report.is_feed);
  CHECK_FALSE(parsed.report.well_formed);
  CHECK(titles(parsed) == std::vector<std::string>{"First complete item", "Second complete item"});
  CHECK(parsed.report.error.find("line 14") != std::string::npos);
  CHECK(parsed.report.error.find("end of document") != std::string::npos);
}

TEST_CASE("A fault mid-document loses only the faulty entry", "[feed][broken]") {
  const auto parsed = parse_broken("mismatched-tag.xml");
  CHECK_FALSE(parsed.report.well_formed);
  CHECK(parsed.feed.title == "A broken tag in the middle");
  CHECK(titles(parsed) ==
        std::vector<std::string>{"Before the fault", "After the fault", "Also after the fault"});
  CHECK(parsed.report.error.find("line 11") != std::string::npos);
  CHECK(parsed.report.error.find("2 more entries were read after it") != std::string::npos);
}

TEST_CASE("Unescaped ampersands do not break a feed", "[feed][broken]") {
  const auto parsed = parse_broken("unescaped-ampersand.xml");
  CHECK(parsed.feed.title == "AT&T News");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Q&A: R&D spending");
  CHECK(parsed.items[0].link == "https://amp.example.com/?a=1&b=2");
}

TEST_CASE("Junk after the root element keeps every entry", "[feed][broken]") {
  const auto parsed = parse_broken("garbage-after-root.xml");
  CHECK(titles(parsed) == std::vector<std::string>{"Only item"});
}
