// `newsmon check` as a user runs it: the built newsmon as a process, on files written here.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "tests/app/config_variable.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using Catch::Matchers::Contains;
using newsmon::test::with_config_variable;

namespace {

constexpr const char* k_rules = R"(rules:
  - id: tanks
    query: tank*
    tests:
      - {text: "Germany sends tanks", expect: match}
      - {text: "Snow closes passes", expect: no-match}
)";

// A configuration with the rules above and one webhook signed with `secret`.
std::string write_config(const test::TempDir& dir, const std::string& secret) {
  test::write_file(dir / "rules" / "arms.yaml", k_rules);
  const auto config = dir / "newsmon.yaml";
  test::write_file(config,
                   "database: newsmon.db\nrules: [rules]\n"
                   "feeds: [https://wire.example.org/world.rss, https://wire.example.org/eu.rss]\n"
                   "webhooks:\n  - name: analysts\n    url: https://hooks.example.org/newsmon\n"
                   "    secret: " +
                       secret + "\n");
  return config.string();
}

}  // namespace

TEST_CASE("newsmon check says what it checked when everything holds", "[app][check]") {
  test::TempDir dir;
  const auto config = write_config(dir, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  const auto result = test::run_newsmon({"check", "--config", config});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains(config + ": ok: 2 feeds, 1 webhooks\n"));
  CHECK_THAT(result.out, Contains("rules: 1 rules, "));
  CHECK_THAT(result.out, Contains(", all tests pass\n"));
  CHECK(result.err.empty());
}

TEST_CASE("newsmon check counts a webhook secret it cannot read as a problem", "[app][check]") {
  test::TempDir dir;
  const auto config = write_config(dir, "env:NEWSMON_TEST_UNSET_SECRET");
  const auto result = test::run_newsmon({"check", "--config", config});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out,
             Contains(config + ": error: webhook 'analysts': the environment variable "
                               "NEWSMON_TEST_UNSET_SECRET named as a webhook secret is not set"));
  CHECK_THAT(result.out, Contains("newsmon check: 1 problem found\n"));
  CHECK(result.out.find(": ok:") == std::string::npos);
}

TEST_CASE("newsmon check adds up the problems of the configuration and of the rules",
          "[app][check]") {
  test::TempDir dir;
  const auto config = write_config(dir, "env:NEWSMON_TEST_UNSET_SECRET");
  test::write_file(dir / "failing.yaml",
                   "rules:\n  - id: snow\n    query: snow\n    tests:\n"
                   "      - {text: \"Tanks roll\", expect: match}\n");
  const auto result =
      test::run_newsmon({"check", "--config", config, "--rules", (dir / "failing.yaml").string()});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Contains("rule 'snow' should match \"Tanks roll\" but does not"));
  CHECK_THAT(result.out, Contains("newsmon check: 2 problems found\n"));
}

TEST_CASE("newsmon check --rules checks only the rules unless --config is given too",
          "[app][check]") {
  test::TempDir dir;
  write_config(dir, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  const auto missing = with_config_variable((dir / "missing.yaml").string());
  const auto result = test::run_newsmon({"check", "--rules", (dir / "rules").string()}, missing);
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("all tests pass\n"));
  CHECK(result.out.find("missing.yaml") == std::string::npos);
}

TEST_CASE("newsmon check runs the shipped packs' examples, those of event conditions among them",
          "[app][check]") {
  const auto packs = test::source_dir() / "rules";
  const auto passed = test::run_newsmon({"check", "--rules", packs.string()});
  INFO(passed.out << passed.err);
  CHECK(passed.exit_code == 0);
  CHECK_THAT(passed.out, Contains(", all tests pass\n"));

  // Beside the packs, a rule whose example its event condition refuses: check runs it
  // and says which event failed the condition, and why.
  test::TempDir dir;
  std::filesystem::copy(packs, dir / "rules", std::filesystem::copy_options::recursive);
  test::write_file(dir / "rules" / "zz-germany.yaml",
                   "rules:\n  - id: germany-air-defence\n    topics: [arms_transfer]\n"
                   "    query: IRIS-T\n    extract: arms_transfer\n"
                   "    event: {supplier: [germany]}\n    tests:\n"
                   "      - {text: \"Norway sends IRIS-T air defence systems to Ukraine\", "
                   "expect: match}\n");
  const auto failed = test::run_newsmon({"check", "--rules", (dir / "rules").string()});
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  CHECK_THAT(failed.out,
             Contains("zz-germany.yaml:8:9: error: rule 'germany-air-defence' should match "
                      "\"Norway sends IRIS-T air defence systems to Ukraine\" but does not: "
                      "event condition {supplier: [germany]}: no event meets it: event 1 Norway "
                      "→ Ukraine: IRIS-T air defence systems (delivering): supplier is Norway, "
                      "not [germany]"));
}

TEST_CASE("newsmon check refuses a webhook topic or rule glob that no rule has", "[app][check]") {
  test::TempDir dir;
  test::write_file(dir / "rules" / "arms.yaml",
                   "rules:\n  - id: arms-supply\n    topics: [arms_transfer]\n    query: tank*\n"
                   "  - id: arms-refusal\n    topics: [arms_transfer]\n    query: embargo\n"
                   "    enabled: false\n");
  const auto config = dir / "newsmon.yaml";
  test::write_file(
      config,
      "database: newsmon.db\nrules: [rules]\nfeeds: []\nwebhooks:\n"
      "  - name: desk\n    url: https://hooks.example.org/desk\n"
      "    topics: [arms_transfers]\n    rules: [\"!arms-refusal\", \"arms-suply\"]\n");
  const auto result = test::run_newsmon({"check", "--config", config.string()});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out,
             Contains(config.string() +
                      ":7:14: error: webhook 'desk': no rule has the topic 'arms_transfers'; did "
                      "you mean 'arms_transfer'?"));
  CHECK_THAT(result.out, Contains(config.string() +
                                  ":8:30: error: webhook 'desk': 'arms-suply' matches no rule id; "
                                  "did you mean 'arms-supply'?"));
  // A disabled rule is loaded: a webhook may name it.
  CHECK(result.out.find("'!arms-refusal' matches no rule") == std::string::npos);
  CHECK_THAT(result.out, Contains("rules: 1 more disabled (enabled: false)"));
  CHECK_THAT(result.out, Contains("newsmon check: 2 problems found"));
}
