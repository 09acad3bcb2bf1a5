#include <catch2/catch.hpp>

#include "daemon/app/opml.h"
#include "tests/support/paths.h"

using namespace newsmon;

TEST_CASE("OPML feed outlines are read with their folders as categories", "[app][opml]") {
  const auto path = test::data_dir() / "fetch" / "subscriptions.opml";
  const auto document = app::read_opml_file(path);
  REQUIRE(document.ok());
  CHECK(document->title == "Analyst subscriptions");
  REQUIRE(document->feeds.size() == 3);
  const auto& world = document->feeds[0];
  CHECK(world.url == "https://wire.example.org/world.rss");
  CHECK(world.title == "Wire: World");
  CHECK(world.site_url == "https://wire.example.org/world");
  CHECK(world.categories == std::vector<std::string>{"World"});
  CHECK(world.line == 8);
  const auto& europe = document->feeds[1];
  CHECK(europe.url == "https://gazette.example.org/europe.xml");
  CHECK(europe.title == "Gazette Europe");
  CHECK(europe.categories == std::vector<std::string>{"World", "Europe"});
  CHECK(document->feeds[2].categories == std::vector<std::string>{"defence", "procurement"});
  REQUIRE(document->warnings.size() == 1);
  CHECK_THAT(document->warnings[0], Catch::Contains("subscriptions.opml:14"));
  CHECK_THAT(document->warnings[0], Catch::Contains("ftp://mirror.example.org/feed.xml"));
}

TEST_CASE("A file that is not OPML is an error naming the file and line", "[app][opml]") {
  SECTION("broken XML") {
    const auto document = app::read_opml("<opml>\n<body>\n<outline", "subs.opml");
    REQUIRE_FALSE(document.ok());
    CHECK_THAT(document.error().message, Catch::StartsWith("subs.opml:3: not well-formed XML"));
  }
  SECTION("another XML document") {
    const auto document = app::read_opml("<?xml version=\"1.0\"?>\n<rss/>", "feed.xml");
    REQUIRE_FALSE(document.ok());
    CHECK_THAT(document.error().message, Catch::Contains("feed.xml:2: not an OPML file"));
    CHECK_THAT(document.error().message, Catch::Contains("<rss>"));
  }
}

TEST_CASE("Written OPML reads back the same feeds", "[app][opml]") {
  std::vector<app::OpmlFeed> feeds = {{"https://a.example.org/feed?x=1&y=2",
                                       "A & B \"news\"",
                                       "https://a.example.org/",
                                       {"world", "daily"},
                                       0},
                                      {"https://b.example.org/rss", "", "", {}, 0}};
  const auto text = app::write_opml("newsmon feeds", feeds);
  CHECK_THAT(text, Catch::Contains("<opml version=\"2.0\">"));
  const auto document = app::read_opml(text, "written.opml");
  REQUIRE(document.ok());
  REQUIRE(document->feeds.size() == 2);
  CHECK(document->feeds[0].url == feeds[0].url);
  CHECK(document->feeds[0].title == feeds[0].title);
  CHECK(document->feeds[0].site_url == feeds[0].site_url);
  CHECK(document->feeds[0].categories == feeds[0].categories);
  CHECK(document->feeds[1].title == "https://b.example.org/rss");
}
