#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("A word matches whole tokens only, never inside other words", "[rules]") {
  const auto rules = rule("nato");
  CHECK(hits(*rules, "NATO allies meet"));
  CHECK(hits(*rules, "Allies of Nato meet"));
  CHECK_FALSE(hits(*rules, "Senator praises donation"));
  CHECK_FALSE(hits(*rules, "natoist movement"));
  CHECK(hits(*rules, "", "", "(NATO)"));
}

TEST_CASE("Words are folded for case, accents and width", "[rules]") {
  CHECK(matches("turkiye", "Türkiye signs deal"));
  CHECK(matches("Türkiye", "TURKIYE signs deal"));
  CHECK(matches("nato", "ＮＡＴＯ summit"));
  CHECK(matches("ＮＡＴＯ", "nato summit"));
  CHECK(matches("kyiv", "KYÏV under fire"));
  CHECK_FALSE(matches("turkey", "Türkiye signs deal"));
}

TEST_CASE("Hyphenated words can be written with or without the hyphen", "[rules]") {
  const auto joined = rule("F16");
  CHECK(hits(*joined, "Dutch F-16 jets arrive"));
  CHECK(hits(*joined, "Dutch F16 jets arrive"));
  CHECK_FALSE(hits(*joined, "Dutch F 16 jets arrive"));
  const auto hyphen = rule("F-16");
  CHECK(hits(*hyphen, "Dutch F-16 jets arrive"));
  CHECK(hits(*hyphen, "Dutch F16 jets arrive"));
  CHECK(hits(*hyphen, "Dutch F 16 jets arrive"));
  CHECK_FALSE(hits(*hyphen, "Dutch F-15 jets arrive"));
  CHECK(matches("K-9", "police K9 unit"));
  CHECK(matches("\"F-16 jets\"", "the F16 jets"));
  CHECK(matches("\"F16 jets\"", "the F-16 jets"));
  CHECK(matches("16", "Dutch F-16 jets arrive"));
}

TEST_CASE("Possessive apostrophes do not hide the word", "[rules]") {
  CHECK(matches("korea", "South Korea's president"));
  CHECK(matches("\"south korea\"", "South Korea’s president"));
  CHECK(matches("\"korea's\"", "South Korea's president"));
  CHECK(matches("obrien", "O'Brien said"));
}

TEST_CASE("Numbers are tokens and keep their separators", "[rules]") {
  CHECK(matches("31", "US commits 31 Abrams"));
  CHECK_FALSE(matches("31", "US commits 310 Abrams"));
  CHECK(matches("1,000", "1,000 shells"));
  CHECK_FALSE(matches("1000", "1,000 shells"));
  CHECK(matches("\"2.5 billion\"", "a $2.5 billion package"));
}

TEST_CASE("A quoted phrase needs its words in order and adjacent", "[rules]") {
  const auto rules = rule("\"think tank\"");
  CHECK(hits(*rules, "A Think-Tank report"));
  CHECK(hits(*rules, "a think tank said"));
  CHECK_FALSE(hits(*rules, "tank think"));
  CHECK_FALSE(hits(*rules, "think of the tank"));
  const auto story = Story{"Leading think tank warns", "", ""};
  const auto found = rules->match(story);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].hits.size() == 1);
  CHECK(found[0].hits[0].start == 8);
  CHECK(found[0].hits[0].end == 18);
  CHECK(found[0].hits[0].text == "think tank");
}

TEST_CASE("Hits give byte offsets into the original field text", "[rules]") {
  const auto rules = rule("turkiye AND tanks");
  const std::string summary = "Türkiye wants Leopard tanks";
  const auto found = rules->match(Story{"", summary, ""});
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].hits.size() == 2);
  CHECK(found[0].hits[0].field == Field::summary);
  CHECK(found[0].hits[0].start == 0);
  CHECK(found[0].hits[0].end == 8);
  CHECK(found[0].hits[0].text == "Türkiye");
  CHECK(found[0].hits[1].text == "tanks");
  CHECK(summary.substr(found[0].hits[1].start, 5) == "tanks");
}
