#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("AND, OR, NOT and implicit AND combine terms", "[rules]") {
  CHECK(matches("tanks AND ukraine", "Tanks for Ukraine"));
  CHECK_FALSE(matches("tanks AND ukraine", "Tanks for Poland"));
  CHECK(matches("tanks ukraine", "Tanks for Ukraine"));
  CHECK_FALSE(matches("tanks ukraine", "Tanks for Poland"));
  CHECK(matches("ukraine OR poland", "Tanks for Poland"));
  CHECK(matches("tanks NOT poland", "Tanks for Ukraine"));
  CHECK_FALSE(matches("tanks NOT poland", "Tanks for Poland"));
  CHECK(matches("tanks AND NOT poland", "Tanks for Ukraine"));
  CHECK(matches("NOT poland", "Tanks for Ukraine"));
  CHECK_FALSE(matches("NOT NOT poland", "Tanks for Ukraine"));
}

TEST_CASE("NEAR counts the tokens between its operands, at most n", "[rules]") {
  const auto rules = rule("abrams NEAR/3 ukraine");
  CHECK(hits(*rules, "Abrams for Ukraine"));                      // 1 between
  CHECK(hits(*rules, "Abrams tanks sent to Ukraine"));            // 3 between: exactly n
  CHECK_FALSE(hits(*rules, "Abrams tanks sent off to Ukraine"));  // 4 between: n + 1
  CHECK(hits(*rules, "Ukraine gets some more Abrams"));           // either order
  CHECK(matches("abrams NEAR/0 tanks", "Abrams tanks"));
  CHECK_FALSE(matches("abrams NEAR/0 tanks", "Abrams battle tanks"));
  CHECK_FALSE(matches("abrams NEAR/3 ukraine", "Abrams", "Ukraine"));  // never across fields
}

TEST_CASE("ONEAR also needs the left operand first", "[rules]") {
  const auto rules = rule("abrams ONEAR/3 ukraine");
  CHECK(hits(*rules, "Abrams tanks sent to Ukraine"));
  CHECK_FALSE(hits(*rules, "Ukraine gets Abrams"));
  CHECK_FALSE(hits(*rules, "Abrams tanks sent off to Ukraine"));
}

TEST_CASE("NEAR takes groups, phrases and lists as operands", "[rules]") {
  const std::string lists =
      "  weapons: [abrams, \"leopard 2*\", \"k2 black panther\"]\n"
      "  verbs: {stem: english, terms: [send, deliver, pledge]}";
  const auto rules = rule("$weapons NEAR/4 $verbs", "", lists);
  CHECK(hits(*rules, "Germany delivers Leopard 2A6 tanks"));
  CHECK(hits(*rules, "K2 Black Panther tanks were pledged"));
  CHECK(hits(*rules, "Poland sending Abrams"));
  CHECK_FALSE(hits(*rules, "K2 Black Panther tanks seen at parade"));
  CHECK_FALSE(hits(*rules, "Abrams are pretty, but the decision on whether to send"));
  const auto group = rule("(abrams OR leopard) NEAR/2 (tank OR tanks)");
  CHECK(hits(*group, "Leopard battle tanks"));
  CHECK_FALSE(hits(*group, "Leopard seen near the water tanks"));
  // a NEAR's span is the pair, so NEARs chain
  const auto chain = rule("(abrams NEAR/1 tanks) NEAR/2 ukraine");
  CHECK(hits(*chain, "Abrams tanks for Ukraine"));
  CHECK_FALSE(hits(*chain, "Abrams tanks were at last sent to Ukraine"));
}

TEST_CASE("NEAR reports only the hits that are close to each other", "[rules]") {
  const auto rules = rule("abrams NEAR/2 ukraine");
  const auto texts =
      hit_texts(*rules, Story{"Abrams news: Ukraine said. Much later, Abrams again", "", ""});
  CHECK(texts == std::vector<std::string>{"Abrams", "Ukraine"});
}

TEST_CASE("Field scopes limit a term or a group to one field", "[rules]") {
  const auto rules = rule("title:tanks AND summary:(ukraine OR kyiv)");
  CHECK(hits(*rules, "Tanks", "for Kyiv"));
  CHECK_FALSE(hits(*rules, "Kyiv", "tanks"));
  CHECK_FALSE(hits(*rules, "Tanks for Kyiv", ""));
  const auto content = rule("content:\"abrams tanks\"");
  CHECK(hits(*content, "", "", "31 Abrams tanks"));
  CHECK_FALSE(hits(*content, "31 Abrams tanks", "31 Abrams tanks", ""));
  // a group under a scope must hold inside that one field
  const auto both = rule("title:(tanks ukraine)");
  CHECK_FALSE(hits(*both, "Tanks", "Ukraine"));
  CHECK(hits(*both, "Tanks for Ukraine", ""));
}

TEST_CASE("Rule-level fields limit the whole query", "[rules]") {
  const auto rules = rule("tanks", "    fields: [title]\n");
  CHECK(hits(*rules, "tanks", ""));
  CHECK_FALSE(hits(*rules, "", "tanks"));
  CHECK_FALSE(hits(*rules, "", "", "tanks"));
  const auto summary_content = rule("tanks", "    fields: [summary, content]\n");
  CHECK(hits(*summary_content, "", "", "tanks"));
  CHECK_FALSE(hits(*summary_content, "tanks"));
}

TEST_CASE("Masks stop their tokens from counting, there and only there", "[rules]") {
  const auto rules = rule("tank OR tanks", "    mask: [\"think tank*\", \"fuel tank*\"]\n");
  CHECK_FALSE(hits(*rules, "Think tank says Ukraine needs help"));
  CHECK_FALSE(hits(*rules, "Think tanks and fuel tanks"));
  CHECK(hits(*rules, "Think tank says Ukraine needs tanks"));
  const auto texts = hit_texts(*rules, Story{"Think tank says Ukraine needs tanks", "", ""});
  CHECK(texts == std::vector<std::string>{"tanks"});
  // a hit that merely overlaps a mask is masked too
  const auto phrase = rule("\"tank deal\"", "    mask: [\"think tank\"]\n");
  CHECK_FALSE(hits(*phrase, "the think tank deal"));
  CHECK(hits(*phrase, "the new tank deal"));
  // NOT sees masked words as absent
  const auto negated = rule("ukraine NOT tank", "    mask: [\"think tank\"]\n");
  CHECK(hits(*negated, "Think tank on Ukraine"));
}

TEST_CASE("Masks may name a list of phrases", "[rules]") {
  const auto rules = rule("patriot*", "    mask: [$teams]\n",
                          "  teams: [\"new england patriots\", \"patriot act\"]");
  CHECK_FALSE(hits(*rules, "New England Patriots win"));
  CHECK(hits(*rules, "Patriot missiles for Kyiv"));
}

TEST_CASE("An exception anywhere in the story drops the rule", "[rules]") {
  const auto rules = rule("abrams", "    exceptions: ['title:(review OR obituary)', 'stacey']\n");
  CHECK(hits(*rules, "Abrams tanks arrive"));
  CHECK_FALSE(hits(*rules, "Film review: Abrams' new movie"));
  CHECK(hits(*rules, "Abrams tanks arrive", "a review of the plan"));
  CHECK_FALSE(hits(*rules, "Abrams tanks arrive", "", "Stacey Abrams said"));
}

TEST_CASE("Explanations say what masks and exceptions removed", "[rules]") {
  const auto rules =
      rule("tank OR tanks", "    mask: [\"think tank\"]\n    exceptions: [obituary]\n");
  std::vector<Match> dropped;
  auto found =
      rules->match(Story{"Think tank says Ukraine needs tanks", "", ""}, Explain::yes, &dropped);
  REQUIRE(found.size() == 1);
  CHECK(found[0].removed ==
        std::vector<std::string>{"mask \"think tank\" covers \"tank\" (title 6-10)"});
  CHECK(dropped.empty());
  found = rules->match(Story{"Think tank warns", "", ""}, Explain::yes, &dropped);
  CHECK(found.empty());
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].rule_id == "r");
  CHECK(dropped[0].removed ==
        std::vector<std::string>{"mask \"think tank\" covers \"tank\" (title 6-10)"});
  dropped.clear();
  found = rules->match(Story{"Obituary: tanks commander", "", ""}, Explain::yes, &dropped);
  CHECK(found.empty());
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].removed ==
        std::vector<std::string>{"exception \"obituary\" matched \"Obituary\" (title 0-8)"});
  // without explanations nothing of this is reported
  found = rules->match(Story{"Think tank says Ukraine needs tanks", "", ""});
  REQUIRE(found.size() == 1);
  CHECK(found[0].removed.empty());
}

TEST_CASE("Explanations note a mask in a group that fails for want of its other words", "[rules]") {
  // The NEAR cannot hold ("ukraine" is missing), yet with explanations its first operand
  // is read and the mask it meets is noted, as for any other term.
  const auto rules = rule("(tank NEAR/3 ukraine) OR leopard", "    mask: [\"think tank\"]\n");
  std::vector<Match> dropped;
  const auto found = rules->match(Story{"Think tank on Leopard", "", ""}, Explain::yes, &dropped);
  REQUIRE(found.size() == 1);
  CHECK(found[0].removed ==
        std::vector<std::string>{"mask \"think tank\" covers \"tank\" (title 6-10)"});
  CHECK(rules->match(Story{"Think tank on Leopard", "", ""}).size() == 1);
}

TEST_CASE("A regular expression runs over the field text as written", "[rules]") {
  const auto rules = rule("/[0-9]+ (Abrams|Leopard)/");
  CHECK(hits(*rules, "US commits 31 Abrams tanks"));
  CHECK_FALSE(hits(*rules, "US commits Abrams tanks"));
  const auto found = rules->match(Story{"US commits 31 Abrams tanks", "", ""});
  REQUIRE(found.size() == 1);
  CHECK(found[0].hits[0].text == "31 Abrams");
  CHECK(matches("/(?i)abrams/", "ABRAMS"));
  CHECK(matches("/a\\/b/", "x a/b y"));
}
