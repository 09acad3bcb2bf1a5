// `newsmon backtest` after a rule edit: the stories stored earlier, matched again.

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/util/text.h"
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
