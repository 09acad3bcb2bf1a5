// A compiled rule set matching stories: what each match carries, and in which order.

#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("Rule options are carried into every match", "[rules]") {
  const auto rules = compile(R"(
lists:
  state_ukraine: [Ukraine]
  verbs_supply_pledged: [send]
rules:
  - id: arms-ukraine
    title: Weapons for Ukraine
    desc: Pledges and deliveries
    topics: [arms_transfer, ukraine]
    severity: high
    suppress: 6h
    extract: arms_transfer
    query: abrams
)");
  const auto found = rules->match(Story{"Abrams", "", ""});
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "arms-ukraine");
  CHECK(found[0].rule_title == "Weapons for Ukraine");
  CHECK(found[0].topics == std::vector<std::string>{"arms_transfer", "ukraine"});
  CHECK(found[0].severity == Severity::high);
  CHECK(found[0].suppress == std::chrono::hours(6));
  CHECK(found[0].events.empty());
}

TEST_CASE("Matches come in rule-file order whatever selected them", "[rules]") {
  const auto rules = compile(R"(
rules:
  - {id: c, query: tanks}
  - {id: a, query: 'NOT poland'}
  - {id: b, query: 'ukraine tanks'}
)");
  const auto found = rules->match(Story{"Tanks for Ukraine", "", ""});
  REQUIRE(found.size() == 3);
  CHECK(found[0].rule_id == "c");
  CHECK(found[1].rule_id == "a");
  CHECK(found[2].rule_id == "b");
  CHECK(rules->rule_ids() == std::vector<std::string>{"c", "a", "b"});
}
