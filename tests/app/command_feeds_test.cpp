#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "daemon/util/text.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;

namespace {

const char* const k_config = R"(database: newsmon.db
rules: []
feeds:
  - url: https://wire.example.org/world.rss
    tags: [world]
)";

}  // namespace

TEST_CASE("feeds import adds the new feeds of an OPML file to an included feed list",
          "[app][feeds]") {
  test::TempDir dir;
  const auto config = (dir / "newsmon.yaml").string();
  test::write_file(config, k_config);
  const auto opml = (test::data_dir() / "fetch" / "subscriptions.opml").string();

  const auto result = test::run_newsmon({"feeds", "--config", config, "import", opml});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("imported 2 feeds"));
  CHECK_THAT(result.out, Catch::Contains("1 already configured"));
  CHECK_THAT(result.err, Catch::Contains("ftp://mirror.example.org/feed.xml"));
  const auto list = util::read_file(dir / "imported-feeds.yaml").value();
  CHECK_THAT(list, Catch::Contains("url: \"https://gazette.example.org/europe.xml\""));
  CHECK_THAT(list, Catch::Contains("tags: [\"World\", \"Europe\"]"));
  CHECK_THAT(util::read_file(config).value(), Catch::Contains("  - include: imported-feeds.yaml"));

  SECTION("the feeds are then part of the configuration, and a second import adds nothing") {
    const auto exported = test::run_newsmon({"feeds", "--config", config, "export"});
    REQUIRE(exported.exit_code == 0);
    CHECK_THAT(exported.out, Catch::Contains("xmlUrl=\"https://gazette.example.org/europe.xml\""));
    CHECK_THAT(exported.out, Catch::Contains("xmlUrl=\"https://defence.example.org/feed\""));
    CHECK_THAT(exported.out, Catch::Contains("xmlUrl=\"https://wire.example.org/world.rss\""));
    const auto again = test::run_newsmon({"feeds", "--config", config, "import", opml});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("imported 0 feeds"));
    CHECK(util::read_file(dir / "imported-feeds.yaml").value() == list);
  }
}

TEST_CASE("feeds import of a broken OPML file names the file and changes nothing", "[app][feeds]") {
  test::TempDir dir;
  const auto config = (dir / "newsmon.yaml").string();
  test::write_file(config, k_config);
  test::write_file(dir / "broken.opml", "<opml><body><outline xmlUrl=");
  const auto result =
      test::run_newsmon({"feeds", "--config", config, "import", (dir / "broken.opml").string()});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("broken.opml:1: not well-formed XML"));
  CHECK_FALSE(std::filesystem::exists(dir / "imported-feeds.yaml"));
  CHECK(util::read_file(config).value() == k_config);
}

TEST_CASE("feeds list shows feeds never polled, as a table and as JSON", "[app][feeds]") {
  test::TempDir dir;
  const auto config = (dir / "newsmon.yaml").string();
  test::write_file(config, k_config);
  const auto table = test::run_newsmon({"feeds", "--config", config, "list"});
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("NEXT POLL"));
  CHECK_THAT(table.out, Catch::Contains("never"));
  CHECK_THAT(table.out, Catch::Contains("https://wire.example.org/world.rss"));
  const auto json = test::run_newsmon({"feeds", "--config", config, "list", "--json"});
  REQUIRE(json.exit_code == 0);
  const auto row = nlohmann::json::parse(util::trim(json.out));
  CHECK(row["url"] == "https://wire.example.org/world.rss");
  CHECK(row["polled"] == false);
}
