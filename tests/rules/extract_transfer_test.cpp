// Kinds of arms transfer news the shipped packs and the extractor read: security
// agreements that pledge equipment, letters of intent, co-production and licensed
// manufacture, programmes that arm a group (and their end), non-lethal equipment.

#include "tests/rules/helpers.h"

#include <algorithm>

using namespace newsmon::rules;
using namespace newsmon::rules::test;

namespace {

struct Reading {
  std::vector<std::string> topics;
  std::vector<Event> transfers;
};

Reading read(const std::string& title, const std::string& summary = "") {
  Reading out;
  for (const auto& match : shipped_rules().match(Story{title, summary, ""})) {
    for (const auto& topic : match.topics) {
      if (std::find(out.topics.begin(), out.topics.end(), topic) == out.topics.end()) {
        out.topics.push_back(topic);
      }
    }
  }
  std::sort(out.topics.begin(), out.topics.end());
  out.transfers = shipped_rules().extract(ExtractKind::arms_transfer, Story{title, summary, ""});
  return out;
}

bool has(const Reading& reading, const std::string& supplier, const std::string& recipient,
         const std::string& system_word) {
  return std::any_of(reading.transfers.begin(), reading.transfers.end(), [&](const Event& event) {
    return event.supplier == supplier && event.recipient == recipient &&
           event.system.find(system_word) != std::string::npos;
  });
}

std::string listed(const Reading& reading) {
  std::string out;
  for (const auto& topic : reading.topics) out += topic + " ";
  out += "\n";
  for (const auto& event : reading.transfers) out += event_line(event) + "\n";
  return out;
}

const std::vector<std::string> k_arms{"arms_transfer"};
const std::vector<std::string> k_both{"alliance_diplomacy", "arms_transfer"};

}  // namespace

TEST_CASE("A bilateral security agreement that pledges aircraft is both kinds of news",
          "[rules][kinds]") {
  const auto reading =
      read("Frederiksen in Lviv: Denmark signs ten-year security agreement, F-16s included",
           "The bilateral agreement confirms the F-16 fighters Copenhagen has pledged to Ukraine.");
  INFO(listed(reading));
  CHECK(reading.topics == k_both);
  CHECK(has(reading, "Denmark", "Ukraine", "F-16"));
  // Signing the agreement is no purchase of the F-16s by Denmark.
  CHECK_FALSE(has(reading, "United States", "Denmark", "F-16"));
}

TEST_CASE("Letters of intent and framework deals for a purchase are arms news", "[rules][kinds]") {
  const auto reading = read("Jakarta signs letter of intent for 48 Turkish KAAN fighters");
  INFO(listed(reading));
  CHECK(reading.topics == k_arms);
  CHECK(has(reading, "Turkey", "Indonesia", "KAAN"));
  const auto rafale =
      read("Macron and Zelensky sign letter of intent for up to 100 Rafale fighters",
           "The presidents signed a declaration of intent for Ukraine to acquire Rafale F4 jets.");
  INFO(listed(rafale));
  CHECK(rafale.topics == k_arms);
  CHECK(has(rafale, "France", "Ukraine", "Rafale"));
}

TEST_CASE("Co-production, licensed manufacture and factories abroad are supplies by the maker",
          "[rules][kinds]") {
  const auto tata = read("Tata opens armoured vehicle plant in Morocco");
  INFO(listed(tata));
  CHECK(tata.topics == k_arms);
  CHECK(has(tata, "India", "Morocco", "armoured vehicle"));
  const auto baykar = read("Baykar breaks ground on drone plant near Kyiv",
                           "The Turkish maker is building a factory in Ukraine that will produce "
                           "its TB2 and TB3 drones.");
  INFO(listed(baykar));
  CHECK(baykar.topics == k_arms);
  CHECK(has(baykar, "Turkey", "Ukraine", "TB"));
  const auto licence = read("Poland to build K2 tanks under licence at Bumar-Labedy");
  INFO(listed(licence));
  CHECK(has(licence, "South Korea", "Poland", "K2"));
  // A maker's plant at home is no transfer.
  CHECK(read("Russia opens drone factory in Tatarstan").topics.empty());
  // A foreign maker that will build the systems for a state supplies it; for its own
  // state's navy it builds at home.
  const auto boats = read(
      "Thyssenkrupp Marine Systems will build six Type 212CD submarines, "
      "four for Norway and two for the German navy");
  INFO(listed(boats));
  CHECK(boats.topics == k_arms);
  CHECK(has(boats, "Germany", "Norway", "212CD"));
  CHECK(read("Naval Group will build six frigates for the French navy").topics.empty());
}

TEST_CASE("Ending or suspending a programme that arms a group is a refused transfer",
          "[rules][kinds]") {
  const auto reading = read("Trump ends CIA programme arming anti-Assad rebels");
  INFO(listed(reading));
  CHECK(reading.topics == k_arms);
  REQUIRE(reading.transfers.size() == 1);
  CHECK(reading.transfers[0].supplier == "United States");
  CHECK(reading.transfers[0].recipient == "Syrian rebels");
  CHECK(reading.transfers[0].status == TransferStatus::refused);
  CHECK(read("Pentagon suspends $500m programme to train and equip Syrian rebels").topics ==
        k_arms);
}

TEST_CASE("Non-lethal military equipment is arms news", "[rules][kinds]") {
  const auto cessna = read("US turns over two Cessna surveillance planes to Philippine Air Force");
  INFO(listed(cessna));
  CHECK(cessna.topics == k_arms);
  CHECK(has(cessna, "United States", "Philippines", "surveillance planes"));
  const auto tc90 = read("Japan hands Philippine Navy TC-90 planes for maritime patrols");
  INFO(listed(tc90));
  CHECK(tc90.topics == k_arms);
  CHECK(has(tc90, "Japan", "Philippines", "TC-90"));
  const auto radars = read("Kishida in Manila: Japan to give coastal radars to the Philippines");
  INFO(listed(radars));
  CHECK(has(radars, "Japan", "Philippines", "coastal radars"));
  const auto awacs = read("Sweden's support package includes two ASC 890 surveillance aircraft",
                          "Stockholm will send them to Kyiv.");
  INFO(listed(awacs));
  CHECK(awacs.topics == k_arms);
}

TEST_CASE("A navy named after its state is that state", "[rules][kinds]") {
  const auto carrier = read("Royal Navy hands its former helicopter carrier to Brazil");
  INFO(listed(carrier));
  CHECK(carrier.topics == k_arms);
  CHECK(has(carrier, "United Kingdom", "Brazil", "helicopter carrier"));
}
