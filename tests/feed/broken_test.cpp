// Real-world-shaped broken documents (tests/data/feed/broken): each yields what can be
// saved and a report that says what went wrong and where.

#include <catch2/catch.hpp>

#include <string>

#include "daemon/feed/parse.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/support/paths.h"

using namespace newsmon::feed;

namespace {

ParsedFeed parse_broken(const std::string& name, const std::string& content_type = {}) {
  auto text = newsmon::util::read_file(newsmon::test::data_dir() / "feed" / "broken" / name);
  REQUIRE(text);
  return parse_feed(*text, {"https://broken.example.com/feed", content_type});
}

std::vector<std::string> titles(const ParsedFeed& parsed) {
  std::vector<std::string> out;
  for (const auto& item : parsed.items) out.push_back(item.title);
  return out;
}

}  // namespace

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

TEST_CASE("Undeclared HTML entities in an XML feed are read as HTML means them", "[feed][broken]") {
  const auto parsed = parse_broken("html-entities.xml");
  CHECK(parsed.report.well_formed);
  CHECK(parsed.feed.title == "Café & Co News");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Ministère des Armées — «livraison»");
  CHECK(parsed.items[0].link == "https://entities.example.fr/1?a=1&b=2");
  CHECK(parsed.items[0].summary == "In CDATA é stays HTML");
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

TEST_CASE("Entities declared in the DTD expand, without nested expansion", "[feed][broken]") {
  const auto parsed = parse_broken("dtd-entities.xml");
  CHECK(parsed.feed.title == "Example Defence Ministry press releases");
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Example Defence Ministry statement");
  CHECK(parsed.items[0].id == "&lol2;");
}

TEST_CASE("An HTML page where a feed was expected is reported as such", "[feed][broken]") {
  for (const char* name : {"bot-wall.html", "login-page.html"}) {
    INFO(name);
    const auto parsed = parse_broken(name, "text/html; charset=utf-8");
    CHECK(parsed.report.is_html_page);
    CHECK_FALSE(parsed.report.is_feed);
    CHECK(parsed.items.empty());
    CHECK(parsed.report.error.find("HTML page") != std::string::npos);
  }
}

TEST_CASE("A page served as text/html that is not a feed counts as an HTML page",
          "[feed][broken]") {
  const auto parsed = parse_feed("<div>Service unavailable</div>", {"", "text/html"});
  CHECK(parsed.report.is_html_page);
  CHECK_FALSE(parsed.report.is_feed);
  const auto as_xml = parse_feed("<div>Service unavailable</div>", {"", "application/xml"});
  CHECK_FALSE(as_xml.report.is_html_page);
}

TEST_CASE("A truncated JSON Feed keeps the items completed before the cut", "[feed][broken]") {
  const auto parsed = parse_broken("truncated.json");
  CHECK(parsed.report.is_feed);
  CHECK_FALSE(parsed.report.well_formed);
  CHECK(titles(parsed) == std::vector<std::string>{"Complete"});
  CHECK(parsed.report.error.find("byte") != std::string::npos);
}

TEST_CASE("A JSON Feed error quoting a character cut in two is still valid UTF-8",
          "[feed][broken]") {
  // nlohmann quotes the last token it read, which may end inside a character (found by
  // fuzzing): `newsmon parse` could not print the report.
  auto text = newsmon::util::read_file(newsmon::test::data_dir() / "fuzz" / "feed_json" /
                                       "crash-error-cut-mid-character.json");
  REQUIRE(text);
  const auto parsed = parse_feed(*text);
  CHECK_FALSE(parsed.report.well_formed);
  CHECK(newsmon::util::is_valid_utf8(parsed.report.error));
  CHECK(parsed.report.error.size() <= 300);
  SECTION("and a long token is not quoted whole") {
    const auto long_token =
        parse_feed("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[" +
                   std::string(5000, '7') + "x]}");
    CHECK(long_token.report.error.size() <= 300);
  }
}

TEST_CASE("Every text of a feed read after a fault is valid UTF-8", "[feed][broken]") {
  // Found by fuzzing: pugixml writes &#x110000; as bytes that are not UTF-8. The rewrite
  // before the parse replaces it, but took everything after a CDATA section that never
  // ends for CDATA, and cannot see into a part read again from inside one.
  SECTION("after a CDATA section that never ends") {
    const auto parsed = parse_feed(
        "<rss><channel><item><title>a</title><description><![CDATA[x</description></item>"
        "<item><title>&#x110000;</title></item></channel></rss>");
    REQUIRE_FALSE(parsed.items.empty());
    CHECK(parsed.items.back().title == "\uFFFD");
  }
  SECTION("read again from inside a CDATA section") {
    const auto parsed = parse_feed(
        "<rss><channel><item><title>x<y</title></item><![CDATA[ <item><title>&#x110000;"
        "</title></item> ]]></channel></rss>");
    REQUIRE_FALSE(parsed.items.empty());
    for (const auto& item : parsed.items) CHECK(newsmon::util::is_valid_utf8(item.title));
  }
}

TEST_CASE("Empty documents and XML that is not a feed are reported, not parsed", "[feed][broken]") {
  const auto empty = parse_broken("empty.xml");
  CHECK_FALSE(empty.report.is_feed);
  CHECK(empty.report.error == "empty document");
  const auto sitemap = parse_broken("not-a-feed.xml");
  CHECK_FALSE(sitemap.report.is_feed);
  CHECK_FALSE(sitemap.report.is_html_page);
  CHECK(sitemap.report.error.find("not a feed") != std::string::npos);
}
