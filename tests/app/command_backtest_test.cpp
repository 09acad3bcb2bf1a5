// `newsmon backtest` after a rule edit: the stories stored earlier, matched again.

#include <ctime>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/util/text.h"
#include "tests/store/store_fixture.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::HttpServer;
using newsmon::test::Reply;
using newsmon::test::TempDir;

TEST_CASE("Backtest shows what an edited rule set would add and drop", "[app][backtest]") {
  HttpServer server;
  server.set("/feed.xml",
             Reply::ok("<rss version=\"2.0\"><channel><title>T</title>"
                       "<item><title>Germany sends tanks to Ukraine</title><guid>a</guid></item>"
                       "<item><title>Drone maker wins export licence</title><guid>b</guid></item>"
                       "<item><title>Snow closes passes</title><guid>c</guid></item>"
                       "</channel></rss>",
                       "application/rss+xml"));
  TempDir dir;
  newsmon::test::write_file(dir / "rules" / "r.yaml",
                            "rules:\n  - id: tanks\n    title: Tanks\n    query: tank*\n");
  newsmon::test::write_file(dir / "newsmon.yaml",
                            fmt::format("database: newsmon.db\nrules: [rules]\nfeeds:\n  - {}\n",
                                        server.url("/feed.xml")));
  const auto once =
      newsmon::test::run_newsmon({"once", "--config", (dir / "newsmon.yaml").string()});
  INFO(once.err);
  REQUIRE(once.exit_code == 0);

  // The edit: tanks now need a transfer verb nearby that this story lacks; drones are new.
  newsmon::test::write_file(
      dir / "rules" / "r.yaml",
      "rules:\n  - id: tanks\n    title: Tanks\n    query: tank* NEAR/2 sell\n"
      "  - id: drones\n    title: Drones\n    query: drone*\n");
  const auto backtest = newsmon::test::run_newsmon(
      {"backtest", "--config", (dir / "newsmon.yaml").string(), "--since", "1d", "--json"});
  INFO(backtest.err);
  REQUIRE(backtest.exit_code == 0);
  std::vector<std::string> changes;
  for (const auto line : newsmon::util::split(newsmon::util::trim(backtest.out), '\n')) {
    const auto change = nlohmann::json::parse(line);
    changes.push_back(change["change"].get<std::string>() + " " +
                      change["rule"].get<std::string>() + " " +
                      change["item"]["id"].get<std::string>());
  }
  std::sort(changes.begin(), changes.end());
  CHECK(changes == std::vector<std::string>{"added drones b", "removed tanks a"});

  const auto text = newsmon::test::run_newsmon(
      {"backtest", "--config", (dir / "newsmon.yaml").string(), "--since", "1d"});
  CHECK(text.out.find("3 items since") != std::string::npos);
  CHECK(text.out.find("1 would now match that did not (+), 1 no longer would (-)") !=
        std::string::npos);
}

namespace {

// A store of 2,500 items, more than several batches of the backtest and of the PostgreSQL
// reader: every fifth about tanks, and every tenth (from the eighth on) stored as matched
// by a `drones` rule that no story satisfies.
void fill_store(newsmon::test::StoreFixture& fixture, newsmon::store::Epoch now) {
  std::vector<newsmon::store::IncomingItem> items;
  for (int n = 0; n < 2500; ++n) {
    const auto title = n % 5 == 0 ? fmt::format("Army buys tanks, story {}", n)
                                  : fmt::format("Snow closes pass, story {}", n);
    std::vector<newsmon::rules::Match> matches;
    if (n % 10 == 7) matches.push_back(newsmon::test::make_match("drones"));
    items.push_back(newsmon::test::make_item(fmt::format("s{}", n), title, "Summary",
                                             fmt::format("https://example.org/{}", n),
                                             std::move(matches)));
    if (items.size() == 500) {
      REQUIRE(newsmon::test::ingest(*fixture.store, fixture.feed_id, std::move(items), now).ok());
      items.clear();
    }
  }
}

std::string expected_changes() {
  std::string out;
  for (int n = 0; n < 2500; ++n) {
    if (n % 5 == 0) out += fmt::format("added tanks s{}\n", n);
    if (n % 10 == 7) out += fmt::format("removed drones s{}\n", n);
  }
  return out;
}

std::string changes_of(const std::string& json_lines) {
  std::string out;
  for (const auto line : newsmon::util::split(newsmon::util::trim(json_lines), '\n')) {
    const auto change = nlohmann::json::parse(line);
    out += change["change"].get<std::string>() + " " + change["rule"].get<std::string>() + " " +
           change["item"]["id"].get<std::string>() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("Backtest prints the same, in the order stored, on one thread and on several",
          "[app][backtest]") {
  newsmon::test::use_backend(GENERATE(from_range(newsmon::test::store_backends())));
  newsmon::test::StoreFixture fixture;
  fill_store(fixture, std::time(nullptr));
  newsmon::test::write_file(fixture.dir / "rules" / "r.yaml",
                            "rules:\n  - id: tanks\n    title: Tanks\n    query: tank*\n"
                            "  - id: drones\n    title: Drones\n    query: drone*\n");
  newsmon::test::write_file(
      fixture.dir / "newsmon.yaml",
      fmt::format("database: '{}'\nrules: [rules]\nfeeds: [https://feeds.example.org/world.xml]\n",
                  fixture.url.empty() ? fixture.path.string() : fixture.url));
  const auto backtest = [&](const std::string& jobs, bool json) {
    std::vector<std::string> arguments{
        "backtest", "--config", (fixture.dir / "newsmon.yaml").string(), "--since", "1d",
        "--jobs",   jobs};
    if (json) arguments.push_back("--json");
    auto result = newsmon::test::run_newsmon(arguments);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  };

  const auto one = backtest("1", true);
  CHECK(changes_of(one) == expected_changes());
  CHECK(backtest("3", true) == one);
  const auto text = backtest("1", false);
  CHECK(text.find("2500 items since") != std::string::npos);
  CHECK(text.find("500 would now match that did not (+), 250 no longer would (-)") !=
        std::string::npos);
  // The summary names the start of the period, a second later on a later run.
  const auto changes = [](const std::string& out) {
    return out.substr(0, out.rfind("2500 items"));
  };
  CHECK(changes(backtest("2", false)) == changes(text));
}

TEST_CASE("Backtest refuses zero jobs", "[app][backtest]") {
  const auto result = newsmon::test::run_newsmon({"backtest", "--jobs", "0"});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find("--jobs") != std::string::npos);
}
