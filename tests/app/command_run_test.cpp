// `newsmon run` and `newsmon once` as a user runs them: the built newsmon as a process.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <fmt/format.h>

#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using Catch::Matchers::Contains;

TEST_CASE("newsmon run and once refuse to start on a configuration with errors, naming them",
          "[app][run]") {
  test::TempDir dir;
  const auto config = (dir / "newsmon.yaml").string();
  test::write_file(config, "database: newsmon.db\nrules: []\nfeeds: []\npoll_every: 5m\n");
  for (const char* command : {"run", "once"}) {
    const auto result = test::run_newsmon({command, "--config", config});
    INFO(command << ": " << result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Contains(config + ":4:1: error: unknown key 'poll_every'"));
    CHECK_THAT(result.err,
               Contains("newsmon cannot start: fix the errors in the configuration above"));
  }
}

TEST_CASE("newsmon run and once refuse to start with a webhook filter no rule matches",
          "[app][run]") {
  test::TempDir dir;
  test::write_file(dir / "rules" / "arms.yaml",
                   "rules:\n  - id: arms-supply\n    topics: [arms_transfer]\n    query: tank*\n");
  const auto config = (dir / "newsmon.yaml").string();
  test::write_file(config,
                   "database: newsmon.db\nrules: [rules]\nfeeds: []\nwebhooks:\n"
                   "  - {name: desk, url: 'https://hooks.example.org/desk', topics: [arms]}\n");
  for (const char* command : {"run", "once"}) {
    const auto result = test::run_newsmon({command, "--config", config});
    INFO(command << ": " << result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err,
               Contains(config + ":5:66: error: webhook 'desk': no rule has the topic 'arms'"));
    CHECK_THAT(result.err, Contains("fix the errors above in the rules or the webhooks"));
  }
}

TEST_CASE("newsmon once waits for deliveries no longer than --deliver-timeout", "[app][run]") {
  test::HttpServer server;
  server.set("/world.xml", test::Reply::ok("<rss version=\"2.0\"><channel><title>T</title><item>"
                                           "<title>Germany sends tanks</title><guid>1</guid>"
                                           "</item></channel></rss>",
                                           "application/rss+xml"));
  test::Reply silent;
  silent.behaviour = test::Behaviour::never_answer;
  server.set("/hook", silent);
  test::TempDir dir;
  test::write_file(dir / "rules" / "r.yaml", "rules:\n  - id: tanks\n    query: tank*\n");
  test::write_file(dir / "newsmon.yaml",
                   fmt::format("database: newsmon.db\nrules: [rules]\nfeeds: [{}]\n"
                               "webhooks:\n  - {{name: hook, url: {}, timeout: 120s}}\n",
                               server.url("/world.xml"), server.url("/hook")));
  const auto started = std::chrono::steady_clock::now();
  const auto result = test::run_newsmon(
      {"once", "--config", (dir / "newsmon.yaml").string(), "--deliver-timeout", "1s"});
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, Contains("1 new items, 0 delivered, 1 pending"));
  CHECK(server.request_count("/hook") == 1);
  // Without the option it waits 30 s (the default).
  CHECK(took < std::chrono::seconds(20));
}

TEST_CASE("newsmon once exits 3 when every feed failed, and with --strict when any did",
          "[app][run]") {
  test::HttpServer server;
  server.set("/world.xml", test::Reply::ok("<rss version=\"2.0\"><channel><title>T</title><item>"
                                           "<title>Germany sends tanks</title><guid>1</guid>"
                                           "</item></channel></rss>",
                                           "application/rss+xml"));
  server.set("/gone.xml", test::Reply::status_only(410));
  test::TempDir dir;
  test::write_file(dir / "rules" / "r.yaml", "rules:\n  - id: tanks\n    query: tank*\n");
  const auto once = [&](const std::vector<std::string>& feeds, bool strict) {
    std::string list;
    for (const auto& feed : feeds) list += fmt::format("  - {}\n", server.url(feed));
    test::write_file(dir / "newsmon.yaml", "database: newsmon.db\nrules: [rules]\nfeeds:\n" + list);
    std::vector<std::string> arguments = {"once", "--config", (dir / "newsmon.yaml").string()};
    if (strict) arguments.push_back("--strict");
    return test::run_newsmon(arguments);
  };
  const auto all_failed = once({"/gone.xml"}, false);
  INFO(all_failed.err);
  CHECK(all_failed.exit_code == 3);
  CHECK_THAT(all_failed.err, Contains("one pass done: 1 feeds polled, 1 failed"));
  const auto one_failed = once({"/world.xml", "/gone.xml"}, false);
  CHECK(one_failed.exit_code == 0);
  CHECK(once({"/world.xml", "/gone.xml"}, true).exit_code == 3);
  CHECK(once({"/world.xml"}, true).exit_code == 0);
}
