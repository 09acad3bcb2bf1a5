// The traps of arms news: look-alikes, goods, passing mentions. Each gives no extracted
// transfer, and so no arms match from the shipped packs, whose party-role rules need one.

#include "tests/rules/helpers.h"

#include <algorithm>

using namespace newsmon::rules;
using namespace newsmon::rules::test;

namespace {

std::vector<Event> transfers(const std::string& title, const std::string& summary = "") {
  return shipped_rules().extract(ExtractKind::arms_transfer, Story{title, summary, ""});
}

bool arms_news(const std::string& title, const std::string& summary = "") {
  const auto matches = shipped_rules().match(Story{title, summary, ""});
  return std::any_of(matches.begin(), matches.end(), [](const Match& match) {
    return std::find(match.topics.begin(), match.topics.end(), "arms_transfer") !=
           match.topics.end();
  });
}

std::string listed(const std::vector<Event>& events) {
  std::string out;
  for (const auto& event : events) out += event_line(event) + "\n";
  return out;
}

}  // namespace

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

TEST_CASE("Supplies of gas, grain or power are not arms", "[rules][traps]") {
  for (const char* title :
       {"Gazprom halts gas supply to Poland, using energy as a weapon",
        "Kyiv sends wheat to Somalia despite missile strikes on its ports",
        "Blinken pledges power-grid equipment to Ukraine after missile barrages",
        "Turkish power ships cut electricity supply to Lebanon",
        "ISRO rocket delivers 36 satellites for UK-based OneWeb"}) {
    INFO(title << "\n" << listed(transfers(title)));
    CHECK(transfers(title).empty());
    CHECK_FALSE(arms_news(title));
  }
  // Goods beside arms leave the arms in.
  const auto both = transfers("Germany sends grain and Leopard tanks to Ukraine");
  REQUIRE(both.size() == 1);
  CHECK(both[0].system == "Leopard tanks");
}

TEST_CASE("Negation and mere mention give no transfer", "[rules][traps]") {
  CHECK(transfers("Ukraine was not mentioned in the debate about deliveries of gas").empty());
  const std::string accord = "Ukraine and Japan sign ten-year security accord";
  const std::string terms =
      "Tokyo pledged $4.5 billion to Ukraine for demining and reconstruction, but no lethal "
      "weapons.";
  INFO(listed(transfers(accord, terms)));
  CHECK(transfers(accord, terms).empty());
  CHECK_FALSE(arms_news(accord, terms));
  const std::string title = "Fico discusses gas deliveries with Putin in Moscow";
  const std::string summary =
      "The Slovak prime minister, who halted state military aid to Ukraine after taking office, "
      "said he went to the Kremlin to secure Russian gas.";
  INFO(listed(transfers(title, summary)));
  CHECK(transfers(title, summary).empty());
  CHECK_FALSE(arms_news(title, summary));
  // The same halt as the story's news is a refusal.
  const auto news = transfers("Slovakia halts state military aid to Ukraine");
  REQUIRE_FALSE(news.empty());
  CHECK(news[0].status == TransferStatus::refused);
}

TEST_CASE("A transfer word's tense and mood give its status", "[rules][traps]") {
  const auto status_of = [](const std::string& title) {
    const auto events = transfers(title);
    INFO(title << "\n" << listed(events));
    REQUIRE(events.size() == 1);
    CHECK(events[0].supplier == "Germany");
    CHECK(events[0].recipient == "Ukraine");
    return events[0].status;
  };
  CHECK(status_of("Germany sends IRIS-T air defence systems to Ukraine") ==
        TransferStatus::delivering);
  CHECK(status_of("Germany is delivering IRIS-T air defence systems to Ukraine") ==
        TransferStatus::delivering);
  CHECK(status_of("Germany sent IRIS-T air defence systems to Ukraine") ==
        TransferStatus::delivered);
  CHECK(status_of("Germany will send IRIS-T air defence systems to Ukraine") ==
        TransferStatus::pledged);
  CHECK(status_of("Ukraine asks Germany for IRIS-T air defence systems") ==
        TransferStatus::requested);
  CHECK(status_of("Germany refused to send Taurus missiles to Ukraine") == TransferStatus::refused);
  CHECK(status_of("Kremlin warns Germany could send Taurus missiles to Ukraine") ==
        TransferStatus::alleged);
  // Mere speculation is no event.
  CHECK(transfers("Germany could send Taurus missiles to Ukraine").empty());
  // Asking with no one asked: the named system's maker would supply it.
  const auto asked = transfers("Ukraine asks for more IRIS-T air defence systems");
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].status == TransferStatus::requested);
  CHECK(asked[0].supplier == "Germany");
}
