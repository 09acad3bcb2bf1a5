// The arms-transfer event extractor on example sentences (tests/data/packs/).

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon/rules/rule_set.h"
#include "tests/rules/helpers.h"
#include "tests/support/paths.h"

using namespace newsmon;
using nlohmann::json;

namespace {

std::vector<rules::Event> extract(const std::string& title, const std::string& summary = "",
                                  const std::string& content = "") {
  return rules::test::shipped_rules().extract(rules::ExtractKind::arms_transfer,
                                              rules::Story{title, summary, content});
}

std::string describe(const std::vector<rules::Event>& events) {
  std::string out;
  for (const auto& event : events) {
    out += event.supplier + " -> " + event.recipient + ": " + event.system + " x" +
           (event.quantity ? std::to_string(*event.quantity) : "?") + " (" +
           rules::status_name(event.status) + ")\n";
  }
  return out;
}

}  // namespace

TEST_CASE("The extractor reads every example sentence as its expected events", "[rules][extract]") {
  std::ifstream in(test::data_dir() / "packs/extract-examples.jsonl");
  REQUIRE(in);
  std::string line;
  int examples = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json example = json::parse(line);
    ++examples;
    const auto events =
        extract(example["title"].get<std::string>(), example.value("summary", std::string()));
    INFO(example["name"].get<std::string>() << "\n"
                                            << example["title"].get<std::string>() << "\ngot:\n"
                                            << describe(events));
    REQUIRE(events.size() == example["events"].size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      const json& want = example["events"][i];
      CHECK(events[i].supplier == want["supplier"].get<std::string>());
      CHECK(events[i].recipient == want["recipient"].get<std::string>());
      CHECK(rules::status_name(events[i].status) == want["status"].get<std::string>());
      CHECK(events[i].system == want["system"].get<std::string>());
      if (want["quantity"].is_null()) {
        CHECK_FALSE(events[i].quantity);
      } else {
        CHECK(events[i].quantity == want["quantity"].get<std::int64_t>());
      }
    }
  }
  CHECK(examples >= 15);
}

TEST_CASE("Extraction names each state in one canonical form", "[rules][extract]") {
  for (const char* title : {"Kiev receives Patriot missiles from Washington",
                            "Kyiv receives Patriot missiles from the U.S.",
                            "Ukraine receives Patriot missiles from America"}) {
    const auto events = extract(title);
    INFO(title << "\n" << describe(events));
    REQUIRE(events.size() == 1);
    CHECK(events[0].supplier == "United States");
    CHECK(events[0].recipient == "Ukraine");
  }
}

TEST_CASE("Extraction reads the other shapes of a transfer sentence", "[rules][extract]") {
  struct Case {
    const char* title;
    const char* summary;
    const char* supplier;
    const char* recipient;
    std::optional<std::int64_t> quantity;
  };
  const Case cases[] = {
      // Passive: bought from X, arrived in Y.
      {"Six Super Tucano attack aircraft bought from the United States landed in Kenya", "",
       "United States", "Kenya", 6},
      {"First German IRIS-T air defence system arrives in Moldova",
       "One IRIS-T SLM system has been delivered, the minister said.", "Germany", "Moldova", 1},
      // The buyer named before the noun, the seller before it.
      {"Washington approves $2bn Taiwan package including Harpoon missiles",
       "The proposed sale includes 40 AGM-84L-1 Harpoon Block II missiles.", "United States",
       "Taiwan", 40},
      // A maker between the number and the system.
      {"Cairo buys 30 more Dassault Rafale fighters from France", "", "France", "Egypt", 30},
      {"Manila to buy twelve Saab Gripen fighters", "", "Sweden", "Philippines", 12},
      // Of two parties named together, the system's maker sells to the other.
      {"Indonesia and France sign deal for Rafale jets", "", "France", "Indonesia", std::nullopt},
      // A company as the seller, the counterpart after "with".
      {"Baykar signs export contract for Akinci drones with Kuwait", "", "Turkey", "Kuwait",
       std::nullopt},
      // The maker before the equipment, the group after a possessive.
      {"Navy seizes Iranian missile parts bound for Yemen's Houthis", "", "Iran", "Houthis",
       std::nullopt},
      // A count of the same kind in a later sentence.
      {"Britain to send Challenger 2 tanks to Ukraine",
       "The UK would provide 14 main battle tanks.", "United Kingdom", "Ukraine", 14},
      // The maker's state between the number and the equipment.
      {"Argentina signs for 24 Danish F-16s", "", "Denmark", "Argentina", 24},
      {"Mali receives four Russian helicopters", "", "Russia", "Mali", 4},
      // A bound is not a count.
      {"Australia will buy at least three US Virginia-class submarines", "", "United States",
       "Australia", std::nullopt},
      // A sale with no seller named is the maker's, even when the buyer is named.
      {"Congress notified of a proposed sale of four MQ-9B drones to Morocco", "", "United States",
       "Morocco", 4},
      // Cargo loaded onto a party's ship.
      {"US envoy accuses South Africa of loading arms onto Russian ship", "", "South Africa",
       "Russia", std::nullopt},
      // The subject before "urged it to" asks for the arms; the party urged supplies.
      {"Netanyahu video angers the White House",
       "Israel's prime minister said the administration had been withholding weapons from "
       "Israel and urged it to speed up deliveries.",
       "United States", "Israel", std::nullopt},
      {"Kyiv's envoy asks Germany to speed up deliveries of tanks", "", "Germany", "Ukraine",
       std::nullopt},
      // Arms parachuted or airdropped to a party.
      {"France admits parachuting arms to rebels in Libya", "", "France", "Libya", std::nullopt},
      {"Turkey airdropped rifles to Syria's opposition", "", "Turkey", "Syria", std::nullopt},
      // "a visit to Russia" is a destination; a deal stands for the transfer when the
      // stronger words of the sentence are about something else.
      {"The Venezuelan president agreed a deal for Su-30 jets during a visit to Russia, months "
       "after Washington banned US arms sales to Caracas and blocked spare parts for its F-16 "
       "fleet.",
       "", "Russia", "Venezuela", std::nullopt},
      // A count before a comma belongs to the equipment before it.
      {"Abu Dhabi halts talks on buying 50 F-35 fighters, Reaper drones and munitions", "",
       "United States", "United Arab Emirates", 50},
      // The recipient named by its troops.
      {"China delivers assault rifles", "Beijing delivered the rifles to help Philippine troops.",
       "China", "Philippines", std::nullopt},
  };
  for (const Case& c : cases) {
    const auto events = extract(c.title, c.summary);
    INFO(c.title << "\n" << describe(events));
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == c.supplier);
    CHECK(events[0].recipient == c.recipient);
    CHECK(events[0].quantity == c.quantity);
  }
}

TEST_CASE("Extraction finds parties beyond the words around the transfer word",
          "[rules][extract]") {
  struct Case {
    const char* title;
    const char* summary;
    const char* supplier;
    const char* recipient;
    std::optional<std::int64_t> quantity;
  };
  const Case cases[] = {
      // The recipient named only in the title.
      {"Denmark and Lithuania sign defence accord",
       "Copenhagen will also donate 20 armoured vehicles over the coming year.", "Denmark",
       "Lithuania", 20},
      // The recipient of the story's other transfer; a sale with no equipment named.
      {"Stockholm drops veto on Leopard deliveries to Ankara",
       "Sweden would no longer block Leopard 2 deliveries to Turkey. Germany has long wanted "
       "to sell more.",
       "Germany", "Turkey", std::nullopt},
      // The object of "told" is not the subject of what follows.
      {"Gulf state halts talks",
       "The UAE told Washington it would halt talks on buying 50 F-35 fighters.", "United States",
       "United Arab Emirates", 50},
      // "the Royal Malaysian Air Force", "the Republic of Cyprus"
      {"Korea Aerospace Industries will supply 18 FA-50 jets to the Royal Malaysian Air Force", "",
       "South Korea", "Malaysia", 18},
      {"Washington lifts curbs on exports of defence articles to the Republic of Cyprus", "",
       "United States", "Cyprus", std::nullopt},
      // The maker after the equipment.
      {"Oman buys 8 patrol boats built by Fincantieri", "", "Italy", "Oman", 8},
      // What arrives with no sender named comes from its maker.
      {"First S-400 components reach Turkey", "", "Russia", "Turkey", std::nullopt},
      {"Six of the Chinese air force's Y-20 planes touched down in Belgrade", "", "China", "Serbia",
       std::nullopt},
      // "Iranian-made" however far the equipment follows; "destined for" further on.
      {"Navy finds missile parts",
       "Sailors found Iranian-made ballistic and cruise missile components, including guidance "
       "parts, destined for the Houthis.",
       "Iran", "Houthis", std::nullopt},
      // The user of the equipment in a clause after it.
      {"EU sanctions officials", "Tehran supplied the drones that Russia has been launching.",
       "Iran", "Russia", std::nullopt},
      // Co-production: the maker supplies the state where it is built.
      {"Washington agreed to co-produce PAC-3 interceptors in Japan", "", "United States", "Japan",
       std::nullopt},
      // Buyers, procurement and induction.
      {"Cairo becomes the first export buyer of the Rafale", "", "France", "Egypt", std::nullopt},
      {"Pakistan inducts Chinese-built J-10C jets", "", "China", "Pakistan", std::nullopt},
      {"Leaders back Indian procurement of Javelin missiles", "", "United States", "India",
       std::nullopt},
      // A state's company is a maker; the one chosen, not the rival it beat.
      {"Canberra chose the German company's vehicles over a Finnish rival, ordering 211 "
       "reconnaissance vehicles",
       "", "Germany", "Australia", 211},
      // A supplier seeking a sale is not asking for arms.
      {"Rome would no longer block Typhoon deliveries to Qatar",
       "Britain has long sought to sell 12 more of the jets.", "United Kingdom", "Qatar",
       std::nullopt},
      // The maker of the story's named equipment supplies a package that names no seller.
      {"Lawmakers notified of arms package for Qatar",
       "The proposed sale follows talks with Turkey and includes up to 36 F-15QA fighters.",
       "United States", "Qatar", 36},
      // "20 Australian-made Bushmasters"
      {"Canberra to fly vehicles to Kyiv",
       "Twenty Australian-made Bushmaster vehicles would be sent to Ukraine.", "Australia",
       "Ukraine", 20},
      // The object of "names" is not the seller; the owner of a system another state makes
      // is not its maker.
      {"President names Saudi Arabia a major ally and backs F-35 sale", "", "United States",
       "Saudi Arabia", std::nullopt},
      {"Congress blocks subsidy for Pakistan's F-16 purchase", "", "United States", "Pakistan",
       std::nullopt},
      // Money for a party, then the list of equipment it includes.
      {"Britain confirms new package",
       "London confirmed an extra sum for Ukraine, including boats and 400 armoured vehicles.",
       "United Kingdom", "Ukraine", 400},
      {"Britain approves package for Ukraine including tanks", "", "United Kingdom", "Ukraine",
       std::nullopt},
      // "the South China Sea" is not China.
      {"US transfers aircraft to its ally",
       "The president spoke of attacks in the South China Sea and announced the transfer of "
       "three C-130H transport aircraft to the Philippines.",
       "United States", "Philippines", 3},
      // A state that makes no arms before a class of equipment is its owner.
      {"Ottawa signs export permits for Saudi armoured vehicles", "", "Canada", "Saudi Arabia",
       std::nullopt},
  };
  for (const Case& c : cases) {
    const auto events = extract(c.title, c.summary);
    INFO(c.title << "\n" << describe(events));
    REQUIRE_FALSE(events.empty());
    const bool found = std::any_of(events.begin(), events.end(), [&](const rules::Event& e) {
      return e.supplier == c.supplier && e.recipient == c.recipient && e.quantity == c.quantity;
    });
    CHECK(found);
  }
  // Status words that are nouns here ("the air force's planes") say nothing.
  const auto landed =
      extract("Six of the Chinese air force's Y-20 planes touched down in Belgrade");
  REQUIRE_FALSE(landed.empty());
  CHECK(landed[0].status == rules::TransferStatus::delivered);
  // A range is not an arrival.
  CHECK(extract("Iranian missiles can reach Israel").empty());
  // "export customer" qualifies a noun; a story's stated pair is not completed the other
  // way round.
  for (const auto& event : extract("Manila signs BrahMos deal with New Delhi",
                                   "The navy will receive three batteries, making the "
                                   "Philippines the first export customer of the missile.")) {
    CHECK_FALSE((event.supplier == "Philippines" && event.recipient == "India"));
  }
}

TEST_CASE("A transfer never names one state on both sides", "[rules][extract]") {
  const auto events = extract("US and Israel sign record military aid pact",
                              "The memorandum will give Israel $38 billion in US military aid.");
  INFO(describe(events));
  for (const auto& event : events) CHECK(event.supplier != event.recipient);
}

TEST_CASE("A story that reports no transfer gives no events", "[rules][extract]") {
  CHECK(extract("Typhoon Hagibis slams into Japan").empty());
  CHECK(extract("North Korea test-fires Hwasong-17 ICBM",
                "Pyongyang launched its largest intercontinental ballistic missile.")
            .empty());
  CHECK(extract("").empty());
}

TEST_CASE("Extraction stays bounded on long and hostile text", "[rules][extract]") {
  std::string noise;
  for (int i = 0; i < 20000; ++i) noise += "Germany sends 5 tanks to Ukraine and ";
  noise += std::string(1000, '\xff');
  const auto events = extract("", "", noise);
  CHECK(events.size() <= 16);
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].supplier == "Germany");
  CHECK(extract(std::string(100000, '.')).empty());
}

TEST_CASE("An unknown extract kind is an error naming the known kind", "[rules][extract]") {
  const auto kind = rules::parse_extract_kind("arms_transfers");
  REQUIRE_FALSE(kind);
  CHECK(kind.error().message.find("arms_transfer") != std::string::npos);
}
