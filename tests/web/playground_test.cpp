#include <catch2/catch.hpp>

#include <fstream>

#include <fmt/format.h>

#include "daemon/web/console.h"
#include "daemon/web/html.h"
#include "daemon/web/playground.h"
#include "tests/support/paths.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;

namespace {

PlaygroundInput story(std::string title, std::string query) {
  PlaygroundInput input;
  input.title = std::move(title);
  input.query = std::move(query);
  return input;
}

}  // namespace

TEST_CASE("A query matches a story with its hits and events, or does not", "[web][playground]") {
  const std::vector<std::filesystem::path> packs{test::source_dir() / "rules"};
  const auto yes =
      run_playground(story("US commits 31 Abrams tanks to Ukraine", "abrams AND ukraine"), packs);
  REQUIRE(yes.errors.empty());
  REQUIRE(yes.matches.size() == 1);
  REQUIRE(yes.matches[0].hits.size() == 2);
  CHECK(yes.matches[0].hits[0].text == "Abrams");
  CHECK(yes.matches[0].hits[0].start == 14);
  REQUIRE_FALSE(yes.matches[0].events.empty());
  CHECK(yes.matches[0].events[0].recipient == "Ukraine");
  const auto no =
      run_playground(story("Think tank says Ukraine needs tanks", "abrams AND ukraine"), packs);
  CHECK(no.errors.empty());
  CHECK(no.matches.empty());
}

TEST_CASE("Without the packs' lists a query still matches, without events", "[web][playground]") {
  const auto yes = run_playground(story("US commits 31 Abrams tanks to Ukraine", "abrams"), {});
  REQUIRE(yes.errors.empty());
  REQUIRE(yes.matches.size() == 1);
  CHECK(yes.matches[0].events.empty());
}

TEST_CASE("A broken query is reported at its own line and column, as check prints it",
          "[web][playground]") {
  const auto outcome = run_playground(story("anything", "abrams AND\n  (ukraine OR"), {});
  REQUIRE(outcome.errors.size() == 1);
  CHECK_THAT(outcome.errors[0], Catch::StartsWith("query:2:"));
  CHECK_THAT(outcome.errors[0], Catch::Contains("error:"));
  CHECK_THAT(outcome.errors[0], Catch::Contains("\n    (ukraine OR\n             ^"));
  CHECK(outcome.matches.empty());
}

TEST_CASE("A whole rule in YAML is tried with its masks, exceptions and own tests",
          "[web][playground]") {
  PlaygroundInput input;
  input.title = "Think tank says Ukraine needs tanks";
  input.yaml = R"(rules:
  - id: tanks
    query: 'tank* AND ukraine'
    mask: ["think tank*"]
    tests:
      - {text: "Think tank praises Ukraine", expect: match}
)";
  const auto outcome = run_playground(input, {});
  REQUIRE(outcome.errors.empty());
  CHECK(outcome.rules == 1);
  REQUIRE(outcome.matches.size() == 1);  // "tanks" is left once "think tank" is masked
  CHECK(outcome.matches[0].hits.size() == 2);
  REQUIRE(outcome.test_failures.size() == 1);
  CHECK_THAT(outcome.test_failures[0], Catch::StartsWith("rule.yaml:6:"));
}

TEST_CASE("The playground may use the lists of the loaded rule files, and define its own",
          "[web][playground]") {
  test::TempDir dir;
  std::ofstream(dir / "pack.yaml") << R"(lists:
  arms: [abrams, leopard]
rules:
  - id: pack-rule
    query: '$arms'
)";
  const auto with_list =
      run_playground(story("Leopard tanks for Kyiv", "$arms AND kyiv"), {dir.path()});
  REQUIRE(with_list.errors.empty());
  CHECK(with_list.rules == 1);  // the file's own rule is not loaded
  CHECK(with_list.matches.size() == 1);
  PlaygroundInput own;
  own.title = "Gepard guns for Kyiv";
  own.yaml = "lists:\n  arms: [gepard]\nrules:\n  - id: mine\n    query: '$arms'\n";
  const auto outcome = run_playground(own, {dir.path()});
  REQUIRE(outcome.errors.empty());
  CHECK(outcome.matches.size() == 1);
  const auto unknown = run_playground(story("x", "$missing"), {dir.path()});
  REQUIRE(unknown.errors.size() == 1);
  CHECK_THAT(unknown.errors[0], Catch::StartsWith("query:1:1: error:"));
}

TEST_CASE("A loaded rule becomes YAML that compiles to the same rule", "[web][playground]") {
  const auto good = rules::load_rules_from_text(
      "rules:\n  - id: bobs\n    title: \"Bob's rule\"\n    fields: [title]\n    query: 'abrams OR "
      "\"leopard 2\"'\n    mask: [\"think tank\"]\n",
      "x.yaml");
  REQUIRE(good.rules);
  const auto description = good.rules->describe().at(0);
  const auto again = rules::load_rules_from_text(rule_yaml(description), "again.yaml");
  REQUIRE(again.rules);
  const auto copy = again.rules->describe().at(0);
  CHECK(copy.title == "Bob's rule");
  CHECK(copy.query == "abrams OR \"leopard 2\"");
  CHECK(copy.fields == std::vector<std::string>{"title"});
  CHECK(copy.masks == std::vector<std::string>{"think tank"});
}

namespace {

// A list of 2,000 words used by 300 rules: 600,000 pairs, several MiB compiled.
std::string list_times_rules() {
  std::string yaml = "lists:\n  big: [";
  for (int i = 0; i < 2000; ++i) yaml += fmt::format("{}w{}", i ? ", " : "", i);
  yaml += "]\nrules:\n";
  for (int i = 0; i < 300; ++i)
    yaml += fmt::format("  - id: r{}\n    query: '$big AND anchor{}'\n", i, i);
  return yaml;
}

}  // namespace

TEST_CASE("The playground compiles within the daemon's rules.max_compiled", "[web][playground]") {
  PlaygroundInput input;
  input.title = "w7 and anchor3";
  input.yaml = list_times_rules();
  rules::LoadOptions tight;
  tight.max_compiled = std::size_t{1} << 20;
  SECTION("run on its own") {
    const auto refused = run_playground(input, {}, tight);
    REQUIRE(refused.errors.size() == 1);
    CHECK(refused.errors[0].find("rules.max_compiled (1 MiB)") != std::string::npos);
    CHECK(refused.matches.empty());
    const auto fits = run_playground(input, {});
    CHECK(fits.errors.empty());
    CHECK(fits.matches.size() == 1);
  }
  SECTION("on the page, with the bounds the daemon loads its rules with") {
    test::FakeSource source;
    Console console(source, Authenticator(), std::chrono::hours(1), test::k_console_clock);
    auto update = test::console_rules(nullptr);
    update.options = tight;
    console.set_rules(std::move(update));
    test::Visitor visitor{console};
    visitor.get("/playground");
    const auto body =
        visitor
            .post("/playground", "mode=rule&title=" + url_encode(input.title) +
                                     "&yaml=" + url_encode(input.yaml) + "&csrf=" + visitor.csrf)
            .body;
    CHECK(body.find("rules.max_compiled (1 MiB)") != std::string::npos);
  }
}
