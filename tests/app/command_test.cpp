// What every command shares (command.cpp): the configuration named by --config, else by
// NEWSMON_CONFIG, else the default file, and one clear error when it is missing. The built
// newsmon runs as a process.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/app/config_variable.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using newsmon::test::with_config_variable;

namespace {

const char* const k_config = "rules: []\nfeeds: [https://wire.example.org/world.rss]\n";

const char* const k_default_config = "/etc/newsmon/newsmon.yaml";

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("NEWSMON_CONFIG names the configuration when --config is absent", "[app][command]") {
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

TEST_CASE("A missing configuration file is named once", "[app][command]") {
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
