// The command line as a user meets it: the built newsmon run as a process.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;

namespace {

const char* const k_config = "rules: []\nfeeds: [https://wire.example.org/world.rss]\n";

const char* const k_default_config = "/etc/newsmon/newsmon.yaml";

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// A ProcessOptions whose NEWSMON_CONFIG is this (empty: as if unset).
test::ProcessOptions with_config_variable(const std::string& value) {
  test::ProcessOptions options;
  options.env = {{"NEWSMON_CONFIG", value}};
  return options;
}

void check_usage_error(const std::vector<std::string>& arguments, const std::string& usage) {
  const auto result = test::run_newsmon(arguments, with_config_variable(""));
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("\n" + usage));
  CHECK_THAT(result.err, Catch::Contains("--help' for more information"));
}

}  // namespace

TEST_CASE("A command line that cannot be parsed exits 2 with the usage line on stderr", "[cli]") {
  SECTION("an unknown subcommand") {
    check_usage_error({"frob"},
                      "usage: newsmon {run|once|check|match|parse|alerts|silence|backtest|feeds|"
                      "webhook-echo}");
    CHECK_THAT(test::run_newsmon({"frob"}).err,
               Catch::StartsWith("newsmon: unknown command 'frob'\n"));
  }
  SECTION("no subcommand") {
    check_usage_error({}, "usage: newsmon {run|");
  }
  SECTION("an unknown option") {
    check_usage_error({"alerts", "--frob"},
                      "usage: newsmon alerts [--config FILE] [--since DURATION] [--rule ID] "
                      "[--topic TOPIC] [--json]");
  }
  SECTION("an option without its value") {
    check_usage_error({"alerts", "--rule"}, "usage: newsmon alerts [--config FILE]");
  }
  SECTION("a required option left out") {
    check_usage_error({"match", "stories.jsonl"},
                      "usage: newsmon match --rules PATH... [--explain] [FILE...]");
  }
  SECTION("a required argument left out") {
    check_usage_error({"parse"},
                      "usage: newsmon parse [--url URL] [--content-type TYPE] "
                      "[--config FILE] FILE|URL");
    check_usage_error({"feeds", "import"}, "usage: newsmon feeds import [--config FILE] FILE.opml");
  }
  SECTION("an option before the command it belongs to") {
    check_usage_error({"--config", "newsmon.yaml", "feeds", "list"},
                      "usage: newsmon feeds list [--json] [--config FILE]");
    CHECK_THAT(test::run_newsmon({"--config", "newsmon.yaml", "feeds", "list"}).err,
               Catch::Contains("options go after the command\n"));
  }
  SECTION("feeds without what to do") {
    check_usage_error({"feeds"}, "usage: newsmon feeds {list|import|export} [--config FILE]");
  }
  SECTION("a duration that is not one, before anything runs") {
    for (const auto& arguments : std::vector<std::vector<std::string>>{
             {"alerts", "--since", "3x", "--config", "/nonexistent/newsmon.yaml"},
             {"backtest", "--since", "yesterday"},
             {"once", "--deliver-timeout", "-5s"}}) {
      const auto result = test::run_newsmon(arguments);
      INFO(result.err);
      CHECK(result.exit_code == 2);
      CHECK_THAT(result.err, Catch::Contains(arguments[2]));
      CHECK_THAT(result.err, Catch::Contains("usage: newsmon " + arguments[0]));
      CHECK(result.err.find("/nonexistent") == std::string::npos);  // nothing was loaded
    }
  }
}

TEST_CASE("--help and --version answer on stdout and exit 0", "[cli]") {
  const auto help = test::run_newsmon({"feeds", "list", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--json"));
  CHECK(help.err.empty());
  const auto version = test::run_newsmon({"--version"});
  CHECK(version.exit_code == 0);
  CHECK_FALSE(version.out.empty());
}

TEST_CASE("Options may come before or after the subcommand they follow", "[cli]") {
  test::TempDir dir;
  const auto config = (dir / "newsmon.yaml").string();
  test::write_file(config, k_config);
  for (const auto& arguments :
       std::vector<std::vector<std::string>>{{"feeds", "list", "--config", config},
                                             {"feeds", "--config", config, "list"},
                                             {"feeds", "list", "--json", "-c", config},
                                             {"feeds", "export", "--config", config}}) {
    const auto result = test::run_newsmon(arguments);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::Contains("https://wire.example.org/world.rss"));
  }
}

TEST_CASE("NEWSMON_CONFIG names the configuration when --config is absent", "[cli]") {
  test::TempDir dir;
  test::write_file(dir / "env.yaml", k_config);
  test::write_file(dir / "given.yaml",
                   "database: newsmon.db\nrules: []\nfeeds:\n"
                   "  - url: https://given.example.org/feed.xml\n");
  const auto environment = with_config_variable((dir / "env.yaml").string());
  const auto from_variable = test::run_newsmon({"feeds", "list"}, environment);
  INFO(from_variable.err);
  CHECK(from_variable.exit_code == 0);
  CHECK_THAT(from_variable.out, Catch::Contains("https://wire.example.org/world.rss"));

  const auto given =
      test::run_newsmon({"feeds", "list", "--config", (dir / "given.yaml").string()}, environment);
  CHECK(given.exit_code == 0);
  CHECK_THAT(given.out, Catch::Contains("https://given.example.org/feed.xml"));
  CHECK(given.out.find("wire.example.org") == std::string::npos);
}

TEST_CASE("A missing configuration file is named once", "[cli]") {
  test::TempDir dir;
  const auto missing = (dir / "missing.yaml").string();
  const std::vector<std::vector<std::string>> commands = {
      {"alerts"}, {"backtest"}, {"feeds", "list"}, {"once"}, {"run"}};
  for (const auto& command : commands) {
    SECTION("given with --config: " + command.front()) {
      auto arguments = command;
      arguments.insert(arguments.end(), {"--config", missing});
      const auto result = test::run_newsmon(arguments, with_config_variable(""));
      INFO(result.err);
      CHECK(result.exit_code == 1);
      CHECK(occurrences(result.err, "missing.yaml") == 1);
      CHECK_THAT(result.err, Catch::Contains(missing + ": error: cannot open"));
    }
    SECTION("named by NEWSMON_CONFIG: " + command.front()) {
      const auto result = test::run_newsmon(command, with_config_variable(missing));
      INFO(result.err);
      CHECK(result.exit_code == 1);
      CHECK(occurrences(result.err, "missing.yaml") == 1);
    }
    // Unless newsmon is set up on this machine, the default file is missing too.
    SECTION("the default: " + command.front()) {
      if (!std::filesystem::exists(k_default_config)) {
        const auto result = test::run_newsmon(command, with_config_variable(""));
        INFO(result.err);
        CHECK(result.exit_code == 1);
        CHECK(occurrences(result.err, k_default_config) == 1);
      }
    }
  }
  SECTION("check reports on stdout, naming it once too") {
    const auto result = test::run_newsmon({"check", "--config", missing});
    INFO(result.out);
    CHECK(result.exit_code == 1);
    CHECK(occurrences(result.out, "missing.yaml") == 1);
  }
}
