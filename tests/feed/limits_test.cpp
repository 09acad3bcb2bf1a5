// What a hostile or damaged feed can cost: text bounded by the size limit (http.max_body),
// entity expansion bounded by the document's own size, NUL bytes removed and their
// entries kept and named.

#include <catch2/catch.hpp>

#include <string>

#include "daemon/feed/parse.h"

using namespace newsmon::feed;

namespace {

std::string rss_item(const std::string& title, const std::string& description) {
  return "<item><title>" + title + "</title><guid>" + title + "</guid><description>" + description +
         "</description></item>\n";
}

std::string rss(const std::string& items, const std::string& doctype = {},
                const std::string& encoding = "utf-8") {
  return "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n" + doctype +
         "<rss version=\"2.0\"><channel><title>Limits</title>\n" + items + "</channel></rss>\n";
}

std::size_t text_bytes(const ParsedFeed& parsed) {
  std::size_t total = 0;
  for (const auto& item : parsed.items) {
    total += item.title.size() + item.summary.size() + item.content.size() +
             item.summary_html.size() + item.content_html.size();
  }
  return total;
}

}  // namespace

TEST_CASE("One entity used many times cannot make a feed much larger than it is",
          "[feed][limits]") {
  // 200 KB: an 8 KB entity used 20,000 times would have made a 160 MB summary.
  const std::string doctype = "<!DOCTYPE rss [<!ENTITY w \"" + std::string(8000, 'w') + " \">]>\n";
  std::string uses;
  for (int i = 0; i < 20'000; ++i) uses += "&w;";
  const std::string document =
      rss(rss_item("Amplified", uses) + rss_item("Next", "plain"), doctype);
  REQUIRE(document.size() > 60'000);
  const ParsedFeed parsed = parse_feed(document);
  REQUIRE(parsed.items.size() == 2);
  CHECK(parsed.items[0].summary.size() <= 2 * document.size());
  CHECK(text_bytes(parsed) <= 4 * document.size());
  CHECK(parsed.items[0].summary.find(std::string(8000, 'w')) != std::string::npos);
  CHECK(parsed.items[0].summary.find("&w;") != std::string::npos);
  CHECK(parsed.items[1].summary == "plain");
  CHECK(parsed.report.well_formed);
  CHECK_THAT(parsed.report.error, Catch::Contains("entity references were left as written"));
}

TEST_CASE("A declared entity used a few times is still expanded in full", "[feed][limits]") {
  const ParsedFeed parsed = parse_feed(
      rss(rss_item("&org;", "&org; said &org;"), "<!DOCTYPE rss [<!ENTITY org \"Ministry\">]>\n"));
  REQUIRE(parsed.items.size() == 1);
  CHECK(parsed.items[0].title == "Ministry");
  CHECK(parsed.items[0].summary == "Ministry said Ministry");
  CHECK(parsed.report.error.empty());
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
