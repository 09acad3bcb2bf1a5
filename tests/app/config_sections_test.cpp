#include <catch2/catch.hpp>

#include "daemon/app/config.h"
#include "tests/support/paths.h"

using Catch::Matchers::Contains;
using newsmon::app::load_config;
using newsmon::test::TempDir;
using newsmon::test::write_file;

namespace {

// The errors of a configuration made of the given lines after `rules: [r]`.
std::vector<std::string> errors_of(const std::string& yaml) {
  TempDir dir;
  write_file(dir / "newsmon.yaml", "rules: [r]\n" + yaml);
  const auto result = load_config(dir / "newsmon.yaml");
  std::vector<std::string> out;
  for (const auto& error : result.errors) {
    auto text = error.format();
    const auto folder = dir.path().string() + "/";
    for (auto at = text.find(folder); at != std::string::npos; at = text.find(folder)) {
      text.erase(at, folder.size());
    }
    out.push_back(text);
  }
  return out;
}

}  // namespace

TEST_CASE("A misspelt key in a section gets a did-you-mean", "[app][config]") {
  const auto errors = errors_of("http:\n  time_out: 5s\nschedule: {max_intervall: 1h}\n");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] ==
        "newsmon.yaml:3:3: error: unknown key 'time_out' in http: did you mean 'timeout'?\n"
        "    time_out: 5s\n"
        "    ^");
  CHECK_THAT(errors[1], Contains("newsmon.yaml:4:12: error: unknown key 'max_intervall' in "
                                 "schedule: did you mean 'max_interval'?"));
}

TEST_CASE("A key given twice is an error naming where it was first given", "[app][config]") {
  const auto errors = errors_of("http:\n  timeout: 5s\n  per_host: 2\n  timeout: 9s\n");
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Contains("newsmon.yaml:5:3: error: duplicate key 'timeout' in http: "
                                 "first given at newsmon.yaml:3:3"));
}

TEST_CASE("Webhook formats and severities are read from their names", "[app][config]") {
  const auto errors = errors_of(
      "webhooks:\n"
      "  - {name: a, url: 'https://h.example/a', format: slakc, min_severity: urgent}\n"
      "  - {name: a, url: 'https://h.example/b', max_per_second: -1}\n");
  REQUIRE(errors.size() == 4);
  CHECK_THAT(errors[0], Contains("newsmon.yaml:3:51: error: unknown webhook format 'slakc': "
                                 "did you mean 'slack'?"));
  CHECK_THAT(errors[1], Contains("newsmon.yaml:3:72: error: unknown severity 'urgent': use info, "
                                 "low, medium, high or critical"));
  CHECK_THAT(errors[2], Contains("newsmon.yaml:4:12: error: webhook name 'a' is used twice"));
  CHECK_THAT(errors[3], Contains("max_per_second must be 0 or more, not -1"));
}

TEST_CASE("Numbers in the http section are checked against their ranges", "[app][config]") {
  const auto errors = errors_of("http: {per_host: 0, max_redirects: many, allow_file_urls: 2}\n");
  REQUIRE(errors.size() == 3);
  CHECK_THAT(errors[0], Contains("http.per_host must be between 1 and 100, not 0"));
  CHECK_THAT(errors[1], Contains("http.max_redirects must be a whole number, not 'many'"));
  CHECK_THAT(errors[2], Contains("http.allow_file_urls must be true or false, not '2'"));
}

TEST_CASE("Schedule bounds must be consistent, alerts values in range", "[app][config]") {
  const auto errors = errors_of(
      "schedule: {min_interval: 2h, max_interval: 1h}\n"
      "alerts: {similarity_bits: 40, lease: 1s}\n");
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors[0], Contains("schedule: min_interval is longer than max_interval"));
  CHECK_THAT(errors[1], Contains("alerts.similarity_bits must be between 0 and 32, not 40"));
}

TEST_CASE("A short lease is raised to ten seconds", "[app][config]") {
  TempDir dir;
  write_file(dir / "newsmon.yaml", "rules: [r]\nalerts: {lease: 1s}\n");
  const auto result = load_config(dir / "newsmon.yaml");
  REQUIRE(result.errors.empty());
  CHECK(result.config.alerts.lease == std::chrono::seconds(10));
}

TEST_CASE("alerts.max_age and a webhook's digest are read, and a digest under a minute refused",
          "[app][config]") {
  TempDir dir;
  write_file(dir / "newsmon.yaml",
             "rules: [r]\nalerts: {max_age: 0s}\nwebhooks:\n"
             "  - {name: hourly, url: 'https://h.example/a', digest: 1h, rules: ['!arms-x']}\n");
  const auto result = load_config(dir / "newsmon.yaml");
  REQUIRE(result.errors.empty());
  CHECK(result.config.alerts.max_age == std::chrono::seconds(0));
  REQUIRE(result.config.webhooks.size() == 1);
  CHECK(result.config.webhooks[0].digest == std::chrono::hours(1));
  CHECK(result.config.webhooks[0].rule_globs == std::vector<std::string>{"!arms-x"});
  const auto defaults =
      errors_of("webhooks:\n  - {name: a, url: 'https://h.example/a', digest: 30s}\n");
  REQUIRE(defaults.size() == 1);
  CHECK_THAT(defaults[0], Contains("digest: a window is at least 1m, as in 1h"));
}

TEST_CASE("A webhook topic or rule glob that matches no rule is named at its place",
          "[app][config]") {
  TempDir dir;
  write_file(dir / "newsmon.yaml",
             "rules: [r]\nwebhooks:\n"
             "  - name: desk\n    url: 'https://h.example/a'\n"
             "    topics: [alliance_diplomacy, arms_transfers]\n"
             "    rules: ['arms-*', '!alliance-sumit']\n");
  const auto result = load_config(dir / "newsmon.yaml");
  REQUIRE(result.errors.empty());
  const std::vector<newsmon::rules::RuleSummary> loaded{
      {"arms-supply", "", {"arms_transfer"}, newsmon::rules::Severity::high, true},
      {"alliance-summit", "", {"alliance_diplomacy"}, newsmon::rules::Severity::medium, false}};
  const auto problems = newsmon::app::check_routing(result.config, loaded);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line == 5);
  CHECK(problems[0].column == 34);
  CHECK_THAT(problems[0].format(),
             Contains("error: webhook 'desk': no rule has the topic 'arms_transfers'; did you "
                      "mean 'arms_transfer'?"));
  CHECK(problems[1].line == 6);
  CHECK_THAT(problems[1].format(), Contains("'!alliance-sumit' matches no rule id; did you mean "
                                            "'!alliance-summit'?"));
}
