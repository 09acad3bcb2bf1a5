#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

namespace {

// Long enough to be evaluated from the phrases a story contains, not entry by entry.
const std::string k_systems =
    "  systems: [abrams, \"leopard 2*\", himars, \"patriot missile*\", \"k2 black panther\", "
    "stinger, javelin, bradley, \"f-16\", gripen, rafale, \"storm shadow\", $launchers]\n"
    "  launchers: [\"mlrs\", \"grad rocket*\"]\n";

}  // namespace

TEST_CASE("A long list finds each of its entries that occurs, in any field", "[rules][lists]") {
  const auto rules = rule("$systems", "", k_systems);
  const Story story{"Leopard 2A6 and F16 jets", "Storm Shadow missiles and Grad rockets",
                    "The K2 Black Panther, not the cat"};
  const auto found = rules->match(story);
  REQUIRE(found.size() == 1);
  std::vector<std::string> texts;
  for (const auto& hit : found[0].hits) texts.push_back(hit.text);
  CHECK(texts == std::vector<std::string>{"Leopard 2A6", "F16", "Storm Shadow", "Grad rockets",
                                          "K2 Black Panther"});
  CHECK_FALSE(hits(*rules, "A leopard in the zoo", "Panther sightings"));
}

TEST_CASE("Long lists take part in NEAR and scopes like short ones", "[rules][lists]") {
  const auto near = rule("$systems NEAR/3 (send OR sends)", "", k_systems);
  CHECK(hits(*near, "Germany sends Leopard 2 tanks"));
  CHECK_FALSE(hits(*near, "Germany sends aid, and later, much later, Leopard 2 tanks"));
  const auto scoped = rule("title:$systems", "", k_systems);
  CHECK(hits(*scoped, "Himars arrive"));
  CHECK_FALSE(hits(*scoped, "Arrivals", "Himars arrive"));
}

TEST_CASE("A mask over one entry of a long list leaves the others counting", "[rules][lists]") {
  const auto rules = rule("$systems", "    mask: [\"javelin throw*\"]\n", k_systems);
  CHECK_FALSE(hits(*rules, "Record javelin throw in Paris"));
  const auto found =
      rules->match(Story{"Record javelin throw", "Stinger missiles sent", ""}, Explain::yes);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].hits.size() == 1);
  CHECK(found[0].hits[0].text == "Stinger");
  CHECK(found[0].removed ==
        std::vector<std::string>{"mask \"javelin throw*\" covers \"javelin\" (title 7-14)"});
}

TEST_CASE("Lists shared by several rules count for each of them", "[rules][lists]") {
  const auto rules = compile("lists:\n" + k_systems + R"(rules:
  - {id: any, query: '$systems'}
  - {id: launchers, query: '$launchers AND ukraine'}
  - {id: pair, query: '$systems NEAR/5 $launchers'}
)");
  std::vector<std::string> ids;
  for (const auto& match : rules->match(Story{"Himars and Grad rockets for Ukraine", "", ""})) {
    ids.push_back(match.rule_id);
  }
  CHECK(ids == std::vector<std::string>{"any", "launchers", "pair"});
}
