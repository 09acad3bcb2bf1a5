// The parties around a transfer word in one sentence: who supplies and who receives, from
// the order of the sentence and its prepositions.

#include <algorithm>

#include "tests/rules/extract_helpers.h"

using namespace newsmon;

namespace {

std::vector<rules::Event> extract(const std::string& title, const std::string& summary = "") {
  return rules::test::shipped_rules().extract(rules::ExtractKind::arms_transfer,
                                              rules::Story{title, summary, ""});
}

}  // namespace

TEST_CASE("Extraction tells who supplies from the order of the sentence", "[rules][extract]") {
  SECTION("X sells to Y") {
    const auto events = extract("Israel sells Barak 8 air defence systems to Azerbaijan");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Israel");
    CHECK(events[0].recipient == "Azerbaijan");
  }
  SECTION("Y buys from X") {
    const auto events = extract("Azerbaijan buys Barak 8 air defence systems from Israel");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Israel");
    CHECK(events[0].recipient == "Azerbaijan");
  }
  SECTION("X's equipment for Y") {
    const auto events = extract("German Leopard tanks for Ukraine");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Germany");
    CHECK(events[0].recipient == "Ukraine");
  }
}

namespace {

bool has_pair(const std::vector<rules::Event>& events, const std::string& supplier,
              const std::string& recipient) {
  return std::any_of(events.begin(), events.end(), [&](const rules::Event& event) {
    return event.supplier == supplier && event.recipient == recipient;
  });
}

bool names(const std::vector<rules::Event>& events, const std::string& party) {
  return std::any_of(events.begin(), events.end(), [&](const rules::Event& event) {
    return event.supplier == party || event.recipient == party;
  });
}

}  // namespace

TEST_CASE("The place of a war is no party to a transfer", "[rules][extract]") {
  SECTION("for the war in X") {
    const auto events = extract("Iran sends drones for the war in Ukraine");
    INFO(rules::test::listed(events));
    CHECK_FALSE(names(events, "Ukraine"));
    CHECK(names(events, "Iran"));
  }
  SECTION("for use against X") {
    const auto events =
        extract("Factory in Alabuga", "Iran supplied the drones for the war against Ukraine.");
    INFO(rules::test::listed(events));
    CHECK_FALSE(names(events, "Ukraine"));
  }
}

TEST_CASE("The party a pact commits to military support supplies it", "[rules][extract]") {
  SECTION("commits X to an amount of aid to Y") {
    const auto events = extract("The agreement commits France to €3bn in military aid to Ukraine");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "France", "Ukraine"));
    CHECK_FALSE(has_pair(events, "Ukraine", "France"));
  }
  SECTION("commits X to keep up support, the recipient named in the title") {
    const auto events = extract("Støre signs Norway's security agreement with Ukraine",
                                "The ten-year pact, signed at a Nordic-Ukrainian summit, commits "
                                "Norway to keep up military support, including air defence and "
                                "the F-16s already pledged.");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "Norway", "Ukraine"));
    CHECK_FALSE(has_pair(events, "Ukraine", "Norway"));
  }
}

TEST_CASE("The group after a supply word and an article receives", "[rules][extract]") {
  const auto events = extract("US commander says Moscow is supplying the Taliban");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "Russia", "Taliban"));
  // A state's government after "the" is no recipient of what "gave" names.
  const auto court = extract("Court orders halt to F-35 parts exports",
                             "Judges gave the Dutch government seven days to stop all exports "
                             "of F-35 components to Israel from a US-owned warehouse.");
  INFO(rules::test::listed(court));
  CHECK_FALSE(has_pair(court, "United States", "Netherlands"));
}

TEST_CASE("A party's history is no recipient of a transfer", "[rules][extract]") {
  const auto events =
      extract("Brisbane plant lands German order",
              "Germany will buy 100 Boxer vehicles built by Rheinmetall Defence Australia, in a "
              "deal the government called the largest defence export in Australia's history.");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "Australia", "Germany"));
  CHECK_FALSE(has_pair(events, "Germany", "Australia"));
}

TEST_CASE("A record in a party's history is that party's transfer", "[rules][extract]") {
  const auto events = extract("UAE signs deal for Korean air defence",
                              "The United Arab Emirates agreed to buy the Cheongung II system "
                              "from South Korea, the largest arms export deal in Seoul's history.");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "South Korea", "United Arab Emirates"));
  CHECK_FALSE(std::any_of(events.begin(), events.end(), [](const rules::Event& event) {
    return event.supplier == "United Arab Emirates";
  }));
}

TEST_CASE("Them after a supply word is the party named just before it", "[rules][extract]") {
  const auto events = extract("UN report on North Kivu",
                              "Rwandan troops fought alongside the M23 rebels and supplied them "
                              "with weapons and ammunition.");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "Rwanda", "M23 rebels"));
  CHECK_FALSE(has_pair(events, "M23 rebels", "Rwanda"));
}

TEST_CASE("A sale with no seller named is its system's maker's", "[rules][extract]") {
  SECTION("SM-2 missiles are American") {
    const auto events = extract(
        "Administration notifies Congress of arms package for Taipei",
        "The proposed sales include SM-2 missile parts; Beijing demanded they be cancelled.");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "United States", "Taiwan"));
    CHECK_FALSE(has_pair(events, "China", "Taiwan"));
  }
  SECTION("the US administration is the state") {
    const auto events = extract("US administration notifies Congress of $1bn arms sale to Taiwan");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "United States", "Taiwan"));
  }
}

TEST_CASE("The M23 rebels are named by M23 alone", "[rules][extract]") {
  const auto events = extract("Rwanda sends weapons to the M23 in North Kivu");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "Rwanda", "M23 rebels"));
}

TEST_CASE("A leader speaks for the leader's state", "[rules][extract]") {
  SECTION("the leader supplies") {
    const auto events = extract("Scholz pledges more air defence systems to Ukraine");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "Germany", "Ukraine"));
  }
  SECTION("an administration named after its leader") {
    const auto events = extract("Trump administration approves sale of 66 F-16 jets to Taiwan");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "United States", "Taiwan"));
  }
}

TEST_CASE("Parties named together: the maker's state sells to the others", "[rules][extract]") {
  const auto events = extract("Trump and Mohammed bin Salman clear F-35 sale");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "United States", "Saudi Arabia"));
  CHECK_FALSE(has_pair(events, "Saudi Arabia", "United States"));
}

TEST_CASE("A speaker is not the subject of a clause with its own subject", "[rules][extract]") {
  SECTION("a clause that opens with an article") {
    const auto events =
        extract("Washington said the kingdom would be allowed to buy F-35 stealth fighters");
    INFO(rules::test::listed(events));
    CHECK_FALSE(std::any_of(events.begin(), events.end(), [](const rules::Event& event) {
      return event.recipient == "United States";
    }));
  }
  SECTION("a pronoun stands for the speaker") {
    const auto events = extract("Seoul said it would buy 20 more F-35A fighters");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "United States", "South Korea"));
  }
  SECTION("a reported deal with no subject of its own is the speaker's") {
    const auto events = extract("Tehran says deal to buy Russian Su-35 fighters is done");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "Russia", "Iran"));
  }
}

TEST_CASE("A visitor named as the setting is no subject", "[rules][extract]") {
  const auto events = extract("Amethi plant to make Kalashnikovs under Indo-Russian deal",
                              "During Vladimir Putin's visit to New Delhi, the two governments "
                              "signed an agreement for Indo-Russia Rifles to manufacture AK-203 "
                              "assault rifles.");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "Russia", "India"));
}

TEST_CASE("A clause has its own subject", "[rules][extract]") {
  SECTION("with X committing: X supplies") {
    const auto events = extract(
        "Zelensky signed a ten-year security agreement, with the "
        "Netherlands committing 2bn in military support, including F-16 "
        "fighter jets");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "Netherlands", "Ukraine"));
    CHECK_FALSE(has_pair(events, "Ukraine", "Netherlands"));
  }
  SECTION("the object of thanks is not the subject of what follows") {
    const auto events = extract(
        "Ukraine's president thanked Washington for night-vision goggles "
        "but asked for lethal military equipment");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "United States", "Ukraine"));
    CHECK_FALSE(std::any_of(events.begin(), events.end(), [](const rules::Event& event) {
      return event.recipient == "United States";
    }));
  }
  SECTION("a clause after a comma and \"and\" that opens with an article") {
    const auto events = extract(
        "Olaf Scholz and Volodymyr Zelensky signed a bilateral security "
        "agreement, and the government announced a further military "
        "package including artillery");
    INFO(rules::test::listed(events));
    CHECK_FALSE(std::any_of(events.begin(), events.end(),
                            [](const rules::Event& event) { return event.supplier == "Ukraine"; }));
  }
}

TEST_CASE("Aid a party refuses needs no recipient in its sentence", "[rules][extract]") {
  const auto events = extract("Washington freezes $20m in military aid after the coup in Niger");
  INFO(rules::test::listed(events));
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].supplier == "United States");
  CHECK(events[0].status == rules::TransferStatus::refused);
}

TEST_CASE("Weapons held back and released are approved", "[rules][extract]") {
  const auto events = extract("Trump releases 2,000-pound bombs for Israel that Biden held back");
  INFO(rules::test::listed(events));
  REQUIRE(has_pair(events, "United States", "Israel"));
  CHECK(events[0].status == rules::TransferStatus::approved);
}

TEST_CASE("A ship built abroad and commissioned is delivered; one built at home is not",
          "[rules][extract]") {
  SECTION("built abroad") {
    const auto events = extract(
        "The frigate, built at Russia's Yantar shipyard, was "
        "commissioned into the Indian Navy");
    INFO(rules::test::listed(events));
    REQUIRE(has_pair(events, "Russia", "India"));
    CHECK(events[0].status == rules::TransferStatus::delivered);
  }
  SECTION("built at home") {
    const auto events = extract(
        "The destroyer, built by India's Mazagon Dock, was "
        "commissioned into the Indian Navy");
    INFO(rules::test::listed(events));
    CHECK_FALSE(names(events, "India"));
  }
}

TEST_CASE("A compass word between a cue and its party is a filler", "[rules][extract]") {
  const auto events = extract("CIA-backed arms for northern Syrian rebels frozen");
  INFO(rules::test::listed(events));
  CHECK(has_pair(events, "United States", "Syrian rebels"));
}

TEST_CASE("A party after \"from\" and before its stocks is the source, not the recipient",
          "[rules][extract]") {
  const auto events = extract("Ottawa pledges eight M777 howitzers from Canada's own stocks");
  INFO(rules::test::listed(events));
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].supplier == "Canada");
  CHECK_FALSE(names(events, "United States"));
}

TEST_CASE("The party fought against is no recipient", "[rules][extract]") {
  const auto events = extract(
      "US aircraft delivered small arms and ammunition to fighters "
      "holding the border town against Islamic State");
  INFO(rules::test::listed(events));
  CHECK_FALSE(names(events, "Islamic State"));
}

TEST_CASE("A seller with no buyer, in a story of a state buying its own, sells at home",
          "[rules][extract]") {
  const auto events = extract("France orders 42 more Rafales for its air force",
                              "The armed forces ministry placed a 5bn order with Dassault for a "
                              "fifth tranche of Rafale jets, to be delivered from 2027.");
  INFO(rules::test::listed(events));
  CHECK(events.empty());
}

TEST_CASE("The party after \"by\" a transfer word is its subject", "[rules][extract]") {
  SECTION("a gift by a state that does not make the system") {
    const auto events = extract("Serbia's air force takes in four MiG-29s gifted by Minsk");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "Belarus", "Serbia"));
    CHECK_FALSE(has_pair(events, "Russia", "Serbia"));
  }
  SECTION("a purchase by its buyer") {
    const auto events = extract("The tanks were bought by Poland from Germany");
    INFO(rules::test::listed(events));
    CHECK(has_pair(events, "Germany", "Poland"));
  }
}
