// Alliance events: the parties, the act and the place of the alliance news the shipped
// packs match, for pacts and treaties between any two states, defence guidelines,
// reviews of a pact, basing, summit declarations on membership, expulsions, withdrawals
// and visits.

#include "tests/rules/helpers.h"

#include <algorithm>

using namespace newsmon::rules;
using namespace newsmon::rules::test;

namespace {

// The alliance events of the packs' alliance matches (each rule carries the same ones).
std::vector<Event> alliance_events(const std::string& title, const std::string& summary = "") {
  for (const auto& match : shipped_rules().match(Story{title, summary, ""})) {
    if (std::find(match.topics.begin(), match.topics.end(), "alliance_diplomacy") !=
        match.topics.end()) {
      return match.events;
    }
  }
  return {};
}

std::string listed(const std::vector<Event>& events) {
  std::string out;
  for (const auto& event : events) out += event_line(event) + "\n";
  return out;
}

bool takes_part(const Event& event, const std::string& party) {
  return std::find(event.parties.begin(), event.parties.end(), party) != event.parties.end();
}

}  // namespace

TEST_CASE("A pact or treaty between two states names both and its place",
          "[rules][alliance-events]") {
  const auto events =
      alliance_events("Japan and the Philippines sign reciprocal access agreement in Manila");
  INFO(listed(events));
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].kind == EventKind::alliance);
  CHECK(events[0].act == AllianceAct::pact);
  CHECK(takes_part(events[0], "Japan"));
  CHECK(takes_part(events[0], "Philippines"));
  CHECK(events[0].place == "Philippines");
  const auto treaty = alliance_events(
      "London and Berlin sign friendship treaty with mutual-defence pledge",
      "The United Kingdom and Germany promise to assist each other in case of an armed attack.");
  INFO(listed(treaty));
  REQUIRE_FALSE(treaty.empty());
  CHECK(treaty[0].act == AllianceAct::treaty);
  CHECK(takes_part(treaty[0], "United Kingdom"));
  CHECK(takes_part(treaty[0], "Germany"));
}

TEST_CASE("Guidelines, reviews and basing agreements are alliance news with their parties",
          "[rules][alliance-events]") {
  const auto guidelines = alliance_events(
      "Biden and Yoon sign nuclear guidelines",
      "The US and South Korea endorsed joint guidelines for nuclear deterrence in Washington.");
  INFO(listed(guidelines));
  REQUIRE_FALSE(guidelines.empty());
  CHECK(takes_part(guidelines[0], "South Korea"));
  const auto review =
      alliance_events("Manila orders review of 1951 defence treaty with Washington");
  INFO(listed(review));
  REQUIRE_FALSE(review.empty());
  CHECK(review[0].act == AllianceAct::treaty);
  CHECK(takes_part(review[0], "United States"));
  const auto brigade =
      alliance_events("Germany and Lithuania sign deal to station brigade permanently",
                      "Defence ministers signed a roadmap in Vilnius for a German brigade to be "
                      "based in Lithuania.");
  INFO(listed(brigade));
  REQUIRE_FALSE(brigade.empty());
  CHECK(takes_part(brigade[0], "Germany"));
  CHECK(takes_part(brigade[0], "Lithuania"));
  CHECK_FALSE(alliance_events("Russia and Sudan agree on Red Sea naval base").empty());
}

TEST_CASE("Accessions, membership paths, expulsions, withdrawals and visits get their act",
          "[rules][alliance-events]") {
  const auto act_of = [](const std::string& title) {
    const auto events = alliance_events(title);
    INFO(title << "\n" << listed(events));
    REQUIRE_FALSE(events.empty());
    return events[0].act;
  };
  CHECK(act_of("NATO declares Ukraine's path to membership irreversible at Washington summit") ==
        AllianceAct::accession);
  CHECK(act_of("Pashinyan says Armenia will leave the CSTO") == AllianceAct::withdrawal);
  CHECK(act_of("Niger revokes military agreement with the United States") ==
        AllianceAct::withdrawal);
  CHECK(act_of("NATO expels eight Russian officials from its mission") == AllianceAct::expulsion);
  CHECK(act_of("CSTO leaders meet in Minsk without Armenia") == AllianceAct::summit);
  CHECK(act_of("Sweden joins NATO, leaving behind two centuries of neutrality") ==
        AllianceAct::accession);
  const auto visit = alliance_events("Rutte visits Kyiv in first trip as NATO chief");
  INFO(listed(visit));
  REQUIRE_FALSE(visit.empty());
  CHECK(visit[0].act == AllianceAct::visit);
  CHECK(visit[0].place == "Ukraine");
  CHECK(takes_part(visit[0], "NATO"));
}

TEST_CASE("A visit is where the visitor is, not a later leg of the trip",
          "[rules][alliance-events]") {
  const std::string title = "NATO chief presses South Korea on arms for Ukraine";
  for (const std::string summary :
       {"NATO Secretary General Jens Stoltenberg, in Seoul on the first leg of an Asia trip "
        "that continues to Japan, urged South Korea to send weapons.",
        "On a visit to Seoul before heading to Tokyo, NATO Secretary General Jens Stoltenberg "
        "urged South Korea to send weapons.",
        "NATO Secretary General Jens Stoltenberg, on a trip that will also include a stop in "
        "Japan, urged South Korea in Seoul to send weapons."}) {
    const auto events = alliance_events(title, summary);
    INFO(summary << "\n" << listed(events));
    const auto visit = std::find_if(events.begin(), events.end(), [](const Event& event) {
      return event.act == AllianceAct::visit;
    });
    REQUIRE(visit != events.end());
    CHECK(visit->place == "South Korea");
    CHECK_FALSE(takes_part(*visit, "Japan"));
  }
}

TEST_CASE("'The alliance' standing for a named alliance is no pact", "[rules][alliance-events]") {
  const auto events = alliance_events(
      "NATO chief presses South Korea on arms for Ukraine",
      "On a visit to Seoul, the alliance's Secretary General asked South Korea to reconsider its "
      "refusal to send weapons to countries at war.");
  INFO(listed(events));
  REQUIRE_FALSE(events.empty());
  for (const auto& event : events) CHECK(event.act != AllianceAct::pact);
  CHECK(events[0].act == AllianceAct::visit);
  CHECK(events[0].place == "South Korea");
  const auto formed =
      alliance_events("Egypt, Eritrea and Somalia form tripartite security alliance in Asmara");
  INFO(listed(formed));
  REQUIRE_FALSE(formed.empty());
  CHECK(formed[0].act == AllianceAct::pact);
  CHECK(takes_part(formed[0], "Somalia"));
}
