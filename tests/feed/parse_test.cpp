// What parse_feed decides before and around the format readers: whether a document is a
// feed at all, bounds on its size, NUL bytes, and valid UTF-8 whatever went wrong.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/feed/parse.h"
#include "daemon/util/utf8.h"
#include "tests/feed/samples.h"

using namespace newsmon::feed;
using namespace newsmon::test;

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

TEST_CASE("Text past the size limit is not read; the entries before it are", "[feed][limits]") {
  std::string items;
  for (int i = 0; i < 40; ++i) {
    items += rss_item("Story " + std::to_string(i), std::string(1000, 'x'));
  }
  const std::string document = rss(items);
  ParseOptions options;
  options.max_text = 20'000;
  const ParsedFeed parsed = parse_feed(document, options);
  CHECK(parsed.items.size() >= 15);
  CHECK(parsed.items.size() < 20);
  CHECK(parsed.items.front().title == "Story 0");
  CHECK_THAT(parsed.report.error, Catch::Contains("more than the 19.5 KiB limit (http.max_body)"));
  SECTION("the whole document within the default limit") {
    CHECK(parse_feed(document).items.size() == 40);
  }
}

TEST_CASE("A document that grows when decoded to UTF-8 is bounded after decoding",
          "[feed][limits]") {
  // windows-1252's euro sign is one byte and three in UTF-8.
  const std::string euros(10'000, '\x80');
  const std::string document =
      rss(rss_item("First", "cheap") + rss_item("Dear", euros) + rss_item("Last", "cheap"), {},
          "windows-1252");
  ParseOptions options;
  options.max_text = 25'000;
  REQUIRE(document.size() < options.max_text);
  const ParsedFeed parsed = parse_feed(document, options);
  REQUIRE_FALSE(parsed.items.empty());
  CHECK(parsed.items.front().title == "First");
  CHECK(parsed.items.back().title != "Last");
  CHECK_THAT(parsed.report.error, Catch::Contains("as UTF-8 text, more than"));
}

TEST_CASE("A NUL byte is removed, its entry kept and named", "[feed][limits]") {
  const std::string nul(1, '\0');
  SECTION("in an RSS item") {
    const ParsedFeed parsed =
        parse_feed(rss(rss_item("First", "one") + rss_item("Sec" + nul + "ond", "tw" + nul + "o") +
                       rss_item("Third", "three")));
    REQUIRE(parsed.items.size() == 3);
    CHECK(parsed.items[1].title == "Second");
    CHECK(parsed.items[1].summary == "two");
    CHECK(parsed.items[2].title == "Third");
    CHECK(parsed.report.well_formed);
    CHECK(parsed.report.error ==
          "removed 3 NUL bytes (never allowed in a feed) in the entry \"Second\"");
  }
  SECTION("in a JSON Feed item") {
    const ParsedFeed parsed = parse_feed(
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":["
        "{\"id\":\"1\",\"title\":\"Fi" +
        nul +
        "rst\"},{\"id\":\"2\",\"title\":\"Next\","
        "\"content_text\":\"a\\u0000b\"}]}");
    REQUIRE(parsed.items.size() == 2);
    CHECK(parsed.items[0].title == "First");
    CHECK(parsed.items[1].content == "ab");
    CHECK(parsed.items[1].content_html == "ab");
    CHECK_THAT(parsed.report.error, Catch::Contains("removed 1 NUL byte"));
    CHECK_THAT(parsed.report.error, Catch::Contains("the entry \"First\""));
  }
  SECTION("outside the entries") {
    const ParsedFeed parsed = parse_feed(rss(nul + rss_item("Only", "one")));
    REQUIRE(parsed.items.size() == 1);
    CHECK_THAT(parsed.report.error, Catch::Contains("outside the entries"));
  }
}
