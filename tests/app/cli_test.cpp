// The command line as a user meets it: the built newsmon run as a process.

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

void check_usage_error(const std::vector<std::string>& arguments, const std::string& usage) {
  const auto result = test::run_newsmon(arguments, with_config_variable(""));
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("\n" + usage));
  CHECK_THAT(result.err, Catch::Contains("--help' for more information"));
}

}  // namespace

TEST_CASE("A command line that cannot be parsed exits 2 with the usage line on stderr",
          "[app][cli]") {
  SECTION("an unknown subcommand") {
    check_usage_error({"frob"},
                      "usage: newsmon {run|once|check|match|parse|alerts|silence|backtest|feeds|"
                      "status|migrate|webhook-echo}");
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
    CHECK_THAT(test::run_newsmon({"feeds"}).err,
               Catch::StartsWith("newsmon feeds: say which 'feeds' command to run\n"));
  }
  SECTION("a misspelt command, with the one it is closest to") {
    check_usage_error({"chek"}, "usage: newsmon {run|");
    CHECK_THAT(test::run_newsmon({"chek"}).err,
               Catch::StartsWith("newsmon: unknown command 'chek'; did you mean 'check'?\n"));
    check_usage_error({"feeds", "lst"}, "usage: newsmon feeds {list|import|export}");
    CHECK_THAT(test::run_newsmon({"feeds", "lst"}).err,
               Catch::StartsWith("newsmon feeds: unknown command 'lst'; did you mean 'list'?\n"));
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

TEST_CASE("--help and --version answer on stdout and exit 0", "[app][cli]") {
  const auto help = test::run_newsmon({"feeds", "list", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--json"));
  CHECK(help.err.empty());
  const auto version = test::run_newsmon({"--version"});
  CHECK(version.exit_code == 0);
  CHECK_FALSE(version.out.empty());
}

TEST_CASE("Options may come before or after the subcommand they follow", "[app][cli]") {
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
