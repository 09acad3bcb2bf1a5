#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/app/match_line.h"

using namespace newsmon;
using nlohmann::json;

namespace {

std::string dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string json_string(std::string_view text) {
  std::string out;
  app::append_json_string(out, text);
  return out;
}

rules::Match match_of(const std::string& rule, std::vector<std::string> topics) {
  rules::Match match;
  match.rule_id = rule;
  match.rule_title = "not printed";
  match.topics = std::move(topics);
  match.severity = rules::Severity::high;
  match.hits = {{rules::Field::summary, 4, 9, "tanks"}};
  return match;
}

}  // namespace

TEST_CASE("A text is written as the JSON library writes it, bad UTF-8 replaced",
          "[app][match-line]") {
  for (const std::string& text : std::vector<std::string>{
           "", "plain", "quote \" and backslash \\", "tab\tline\nfeed\rform\fback\b",
           std::string("nul \0 and \x1f", 11), "Türkiye’s 北约 😀", "bad \xff byte", "cut \xe2\x82",
           "del \x7f stays"}) {
    INFO(text);
    CHECK(json_string(text) == dumped(json(text)));
  }
}

TEST_CASE("A text with bad UTF-8 after escapes is appended whole, what came before kept",
          "[app][match-line]") {
  std::string out = "[1,";
  const std::string text = "say \"no\"\n then \xc3 stop";
  app::append_json_string(out, text);
  CHECK(out == "[1," + dumped(json(text)));
}

TEST_CASE("A story's line has its id, its matches and the union of their topics in order",
          "[app][match-line]") {
  const std::vector<rules::Match> matches = {match_of("tanks", {"arms_transfer", "europe"}),
                                             match_of("leopard", {"europe", "germany"})};
  std::string line;
  app::append_match_line(line, "story-1", matches, {}, rules::Explain::no);
  const json hit = {{"end", 9}, {"field", "summary"}, {"start", 4}, {"text", "tanks"}};
  const json expected = {{"id", "story-1"},
                         {"matches",
                          {{{"events", json::array()},
                            {"hits", {hit}},
                            {"rule", "tanks"},
                            {"severity", "high"},
                            {"topics", {"arms_transfer", "europe"}}},
                           {{"events", json::array()},
                            {"hits", {hit}},
                            {"rule", "leopard"},
                            {"severity", "high"},
                            {"topics", {"europe", "germany"}}}}},
                         {"topics", {"arms_transfer", "europe", "germany"}}};
  CHECK(line == dumped(expected));
}

TEST_CASE("What masks removed and the matches they dropped are written only when explaining",
          "[app][match-line]") {
  auto kept = match_of("tanks", {"arms_transfer"});
  kept.removed = {"mask \"think tank*\" covers \"tanks\""};
  auto gone = match_of("think", {});
  gone.removed = {"exception matched"};
  std::string plain;
  app::append_match_line(plain, "s", {kept}, {gone}, rules::Explain::no);
  CHECK(plain.find("removed") == std::string::npos);
  CHECK(plain.find("dropped") == std::string::npos);

  std::string explained;
  app::append_match_line(explained, "s", {kept}, {gone}, rules::Explain::yes);
  const json parsed = json::parse(explained);
  CHECK(explained == parsed.dump());
  CHECK(parsed["dropped"] == json::parse(R"([{"removed":["exception matched"],"rule":"think"}])"));
  CHECK(parsed["matches"][0]["removed"] == json{"mask \"think tank*\" covers \"tanks\""});

  std::string nothing_dropped;
  app::append_match_line(nothing_dropped, "s", {match_of("tanks", {})}, {}, rules::Explain::yes);
  CHECK(nothing_dropped ==
        R"({"id":"s","matches":[{"events":[],"hits":[{"end":9,"field":"summary",)"
        R"("start":4,"text":"tanks"}],"rule":"tanks","severity":"high",)"
        R"("topics":[]}],"topics":[]})");
}

TEST_CASE("Events of both kinds and the event condition met are written as the JSON library would",
          "[app][match-line]") {
  auto match = match_of("german-air-defence", {"arms_transfer"});
  rules::Event transfer;
  transfer.supplier = "Germany";
  transfer.recipient = "Ukraine";
  transfer.system = "IRIS-T systems";
  transfer.status = rules::TransferStatus::delivering;
  rules::Event pact;
  pact.kind = rules::EventKind::alliance;
  pact.parties = {"Japan", "Philippines"};
  pact.act = rules::AllianceAct::pact;
  match.events = {transfer, pact};
  match.event_condition = "event 1 meets {supplier: $state_germany}: Germany → Ukraine";

  std::string plain;
  app::append_match_line(plain, "s", {match}, {}, rules::Explain::no);
  CHECK(plain.find("event_condition") == std::string::npos);
  json expected_match = match;
  expected_match.erase("title");
  expected_match.erase("event_condition");
  CHECK(plain ==
        dumped({{"id", "s"}, {"matches", {expected_match}}, {"topics", {"arms_transfer"}}}));

  std::string explained;
  app::append_match_line(explained, "s", {match}, {}, rules::Explain::yes);
  const json parsed = json::parse(explained);
  CHECK(explained == parsed.dump());
  CHECK(parsed["matches"][0]["event_condition"] == match.event_condition);
  CHECK(parsed["matches"][0]["events"][0]["status"] == "delivering");
  CHECK(parsed["matches"][0]["events"][1] ==
        json::parse(R"({"act":"pact","parties":["Japan","Philippines"],"place":null})"));
}
