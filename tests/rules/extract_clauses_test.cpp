// What the words around a transfer word say of it: goods rather than arms, a negation or a
// passing mention, a tense or mood that gives its status. A trap gives no extracted
// transfer, and so no arms match from the shipped packs, whose party-role rules need one.

#include "tests/rules/extract_helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

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
