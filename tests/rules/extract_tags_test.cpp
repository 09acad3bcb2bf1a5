// Marking a sentence's words: names that share a word with a weapon (namesakes, and
// non-weapons such as water bombers) are not that weapon, in the field that names them
// and in the story's other fields.

#include "tests/rules/extract_helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("A namesake named in one field is the namesake in the others", "[rules][traps]") {
  const std::string title = "New England Patriots sign German kicker";
  const std::string summary = "The Patriots will deliver a new contract to the German kicker.";
  INFO(listed(transfers(title, summary)));
  CHECK(transfers(title, summary).empty());
  CHECK_FALSE(arms_news(title, summary));
  // Without the team's name the same words are a transfer of Patriot systems.
  CHECK_FALSE(transfers("US to deliver Patriots to Germany").empty());
}

TEST_CASE("Water bombers and the Bombers of sport and slang are not weapons", "[rules][traps]") {
  for (const char* title : {"Italy sends two Canadair water bombers to Greece as wildfires rage",
                            "Greece orders seven DHC-515 water bombers from Canada",
                            "Blue Bombers hand American passer Zach Collaros a contract extension",
                            "Bronx Bombers send five players to San Diego for Dominican slugger"}) {
    INFO(title << "\n" << listed(transfers(title)));
    CHECK(transfers(title).empty());
    CHECK_FALSE(arms_news(title));
  }
  CHECK_FALSE(
      transfers("US sends B-52 bombers to Britain's RAF for exercises, Pentagon says").empty());
}
