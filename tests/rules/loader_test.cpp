#include "tests/rules/helpers.h"

#include "tests/support/paths.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;
using Catch::Matchers::Contains;

namespace {

std::string only_error(const std::string& yaml) {
  const auto errors = errors_of(yaml);
  INFO(Catch::Detail::stringify(errors));
  REQUIRE(errors.size() == 1);
  return errors.front();
}

}  // namespace

TEST_CASE("A query syntax error points a caret at its column", "[rules][errors]") {
  const std::string error = only_error("rules:\n  - id: r\n    query: 'tanks AND (ukraine OR'\n");
  CHECK(error ==
        "test.yaml:3:32: error: rule 'r': OR needs a term or a group after it\n"
        "      query: 'tanks AND (ukraine OR'\n"
        "                                 ^");
}

TEST_CASE("Query errors are located in plain, quoted and block scalars", "[rules][errors]") {
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: tanks NEAR ukraine\n"),
             Contains("test.yaml:3:18: error: rule 'r': NEAR needs a distance"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: \"tanks and ukraine\"\n"),
             Contains("test.yaml:3:19: error: rule 'r': operators are written in capitals: write "
                      "AND for the operator, or \"and\" in quotes to match the word"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: |\n      tanks AND\n      (ukraine OR\n"),
             Contains("test.yaml:5:16: error: rule 'r': OR needs a term"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: 'it''s ) here'\n"),
             Contains("test.yaml:3:19: error: rule 'r': this ')' has no matching '('"));
}

TEST_CASE("Unknown lists, bad regexes and empty terms are reported", "[rules][errors]") {
  CHECK_THAT(
      only_error("lists:\n  weapons: [abrams]\nrules:\n  - id: r\n    query: '$weapon OR x'\n"),
      Contains("test.yaml:5:13: error: rule 'r': unknown list '$weapon': did you mean "
               "'$weapons'?"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: '$nothing'\n"),
             Contains("unknown list '$nothing': define it under `lists:`"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: 'tanks /a(b/'\n"),
             Contains("test.yaml:3:19: error: rule 'r': bad regular expression /a(b/: missing )"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: 'tanks &'\n"),
             Contains("'&' has no letters or digits to match"));
  CHECK_THAT(only_error("lists:\n  a: [x, $b]\n  b: [$a]\nrules:\n  - id: r\n    query: $a\n"),
             Contains("includes itself"));
}

TEST_CASE("Unknown keys are errors with a suggestion", "[rules][errors]") {
  CHECK(only_error("rules:\n  - id: r\n    query: tanks\n    serverity: high\n") ==
        "test.yaml:4:5: error: unknown key 'serverity' in rule 'r': did you mean 'severity'?\n"
        "      serverity: high\n"
        "      ^");
  CHECK_THAT(only_error("rule:\n  - id: r\n"),
             Contains("unknown key 'rule' in a rule file: did you mean 'rules'?"));
  CHECK_THAT(only_error("lists:\n  l: {stemming: english, terms: [x]}\n"),
             Contains("unknown key 'stemming' in list 'l'"));
  const auto test_errors =
      errors_of("rules:\n  - id: r\n    query: x\n    tests: [{txt: a, expect: match}]\n");
  REQUIRE(test_errors.size() == 2);
  CHECK_THAT(test_errors[0],
             Contains("test.yaml:4:14: error: unknown key 'txt' in a test: did you mean 'text'?"));
  CHECK_THAT(test_errors[1], Contains("test.yaml:4:13: error: a test needs `text:`"));
}

TEST_CASE("A key given twice in a rule is refused, naming where it was first given",
          "[rules][errors]") {
  CHECK(only_error("rules:\n  - id: r\n    query: tanks\n    query: ships\n") ==
        "test.yaml:4:5: error: duplicate key 'query' in rule 'r': first given at test.yaml:3:5\n"
        "      query: ships\n"
        "      ^");
  const auto loaded = load_rules_from_text(
      "rules:\n  - id: r\n    query: tanks\n    severity: high\n    severity: low\n", "t.yaml");
  CHECK_FALSE(loaded.rules);
}

TEST_CASE("Bad values of rule options are reported at the value", "[rules][errors]") {
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: x\n    severity: urgent\n"),
             Contains("test.yaml:4:15: error: unknown severity 'urgent'"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: x\n    suppress: 6 hours\n"),
             Contains("test.yaml:4:15: error:"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: x\n    fields: [title, body]\n"),
             Contains("unknown field 'body'"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: x\n    extract: people\n"),
             Contains("unknown extract kind 'people'"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: x\n    topics: arms\n"),
             Contains("topics of rule 'r' must be a list"));
  CHECK_THAT(only_error("rules:\n  - id: Arms Rule\n    query: x\n"),
             Contains("rule id 'Arms Rule' may use only a-z, 0-9 and '-'"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    title: t\n"),
             Contains("rule 'r' needs a `query:`"));
  CHECK_THAT(only_error("rules:\n  - query: x\n"), Contains("a rule needs an `id:`"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: x\n    tests: [{text: a, expect: yes}]\n"),
             Contains("expect: must be match or no-match"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    fields: [title]\n    query: 'content:x'\n"),
             Contains("this scope lies outside the rule's fields (title)"));
}

TEST_CASE("YAML syntax errors name the file, line and column", "[rules][errors]") {
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: [x\n"), Contains("test.yaml:"));
  CHECK_THAT(only_error("rules:\n  - id: r\n    query: [x\n"), Contains("error: YAML syntax:"));
}

TEST_CASE("Every error of every file is reported in one run", "[rules][errors]") {
  newsmon::test::TempDir dir;
  newsmon::test::write_file(dir / "a.yaml",
                            "lists:\n  weapons: [abrams]\nrules:\n  - id: one\n    query: '('\n"
                            "  - id: two\n    query: '$weapons'\n");
  newsmon::test::write_file(
      dir / "sub/b.yaml",
      "rules:\n  - id: two\n    query: tanks\n  - id: three\n    query: 'x AND'\n"
      "    severity: huge\n");
  newsmon::test::write_file(dir / "notes.txt", "not a rule file");
  const auto loaded = load_rules({dir.path()});
  CHECK_FALSE(loaded.rules);
  std::vector<std::string> errors;
  for (const auto& diagnostic : loaded.errors) errors.push_back(diagnostic.format());
  REQUIRE(errors.size() == 4);
  const std::string a = (dir / "a.yaml").string();
  const std::string b = (dir / "sub/b.yaml").string();
  CHECK_THAT(errors[0],
             Contains(a + ":5:14: error: rule 'one': the query ends where a term was expected"));
  CHECK_THAT(errors[1],
             Contains(b + ":2:9: error: duplicate rule id 'two': first defined at " + a + ":6"));
  CHECK_THAT(errors[2], Contains(b + ":5:15: error: rule 'three': AND needs a term"));
  CHECK_THAT(errors[3], Contains(b + ":6:15: error: unknown severity 'huge'"));
}

TEST_CASE("Lists defined in one file serve rules in another", "[rules]") {
  newsmon::test::TempDir dir;
  newsmon::test::write_file(dir / "lists/weapons.yaml", "lists:\n  weapons: [abrams, himars]\n");
  newsmon::test::write_file(dir / "rules.yml", "rules:\n  - id: w\n    query: $weapons\n");
  const auto loaded = load_rules({dir.path()});
  INFO(newsmon::util::format_all(loaded.errors));
  REQUIRE(loaded.rules);
  CHECK(loaded.rules->match(Story{"HIMARS for Kyiv", "", ""}).size() == 1);
  CHECK(loaded.rules->stats().rules == 1);
  CHECK(loaded.rules->stats().patterns == 2);
}

TEST_CASE("Missing paths and empty folders are errors", "[rules][errors]") {
  newsmon::test::TempDir dir;
  const auto missing = load_rules({dir / "nope.yaml"});
  REQUIRE(missing.errors.size() == 1);
  CHECK_THAT(missing.errors[0].format(), Contains("nope.yaml: error: no such file or folder"));
  const auto empty = load_rules({dir.path()});
  REQUIRE(empty.errors.size() == 1);
  CHECK_THAT(empty.errors[0].format(), Contains("no rule files (*.yaml) in this folder"));
}

TEST_CASE("Loading the same files twice gives independent equal rule sets", "[rules]") {
  newsmon::test::TempDir dir;
  newsmon::test::write_file(dir / "r.yaml", "rules:\n  - id: w\n    query: tanks\n");
  const auto first = load_rules({dir.path()});
  const auto second = load_rules({dir.path()});
  REQUIRE(first.rules);
  REQUIRE(second.rules);
  CHECK(first.rules != second.rules);
  CHECK(first.rules->rule_ids() == second.rules->rule_ids());
}

TEST_CASE("A rule with enabled: false is checked and listed but matches nothing",
          "[rules][loader]") {
  const std::string yaml = R"yaml(
rules:
  - id: tanks
    topics: [arms_transfer]
    query: tanks
  - id: summit
    title: Alliance summits
    topics: [alliance_diplomacy]
    severity: high
    enabled: false
    query: summit
    tests:
      - {text: "no summit here", expect: no-match}
)yaml";
  const auto loaded = load_rules_from_text(yaml, "test.yaml");
  REQUIRE(loaded.errors.empty());
  CHECK(loaded.rules->rule_ids() == std::vector<std::string>{"tanks"});
  CHECK(loaded.rules->match(Story{"NATO summit on tanks", "", ""}).size() == 1);
  CHECK(loaded.rules->match(Story{"NATO summit", "", ""}).empty());
  REQUIRE(loaded.summaries.size() == 2);
  CHECK(loaded.summaries[0].enabled);
  CHECK_FALSE(loaded.summaries[1].enabled);
  CHECK(loaded.summaries[1].title == "Alliance summits");
  CHECK(loaded.summaries[1].topics == std::vector<std::string>{"alliance_diplomacy"});
  CHECK(loaded.summaries[1].severity == Severity::high);
  // Its examples are not run: it is off.
  CHECK(run_rule_tests(*loaded.rules).empty());

  SECTION("and a disabled rule still has to be a valid one") {
    CHECK_THAT(only_error("rules:\n  - id: r\n    enabled: false\n    query: 'tanks AND'\n"),
               Contains("test.yaml:4:19: error: rule 'r': AND needs"));
    CHECK_THAT(only_error("rules:\n  - id: r\n    enabled: maybe\n    query: tanks\n"),
               Contains("test.yaml:3:14: error:"));
  }
}
