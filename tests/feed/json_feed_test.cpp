// JSON Feed 1.0 and 1.1 documents, whole and cut short.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/feed/parse.h"
#include "daemon/util/utf8.h"
#include "tests/feed/samples.h"

using namespace newsmon::feed;
using namespace newsmon::test;

TEST_CASE("A JSON Feed 1.1 gives its items, authors, tags and attachments", "[feed][json]") {
  const auto parsed = parse_sample("jsonfeed11.json");
  REQUIRE(parsed.report.is_feed);
  CHECK(parsed.feed.format == FeedFormat::json11);
  CHECK(parsed.feed.title == "JSON Wire");
  CHECK(parsed.feed.link == "https://json.example.org/");
  CHECK(parsed.feed.hub_links == std::vector<std::string>{"https://hub.example.org/"});
  REQUIRE(parsed.items.size() == 2);
  const Item& item = parsed.items[0];
  CHECK(item.id == "1");
  CHECK(item.content == "The United States will send 31 M1 Abrams tanks.");
  CHECK(item.summary == "Abrams for Kyiv");
  CHECK(item.published.epoch_seconds == 1674687600);
  CHECK(item.updated.epoch_seconds == 1674720000);
  REQUIRE(item.authors.size() == 1);
  CHECK(item.authors[0].uri == "https://json.example.org/desk");
  CHECK(item.categories == std::vector<std::string>{"arms", "ukraine"});
  REQUIRE(item.enclosures.size() == 1);
  CHECK(item.enclosures[0].length == 1234);
  CHECK(parsed.items[1].id == "2");
  CHECK(parsed.items[1].link == "https://json.example.org/posts/2");
  CHECK(parsed.items[1].content == "Plain text body.");
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
