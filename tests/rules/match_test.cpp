#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "daemon/rules/match.h"

using namespace newsmon::rules;
using Catch::Matchers::Contains;

TEST_CASE("Severities and fields are named by their tables", "[rules][match]") {
  CHECK(std::string(severity_name(Severity::critical)) == "critical");
  CHECK(parse_severity("low").value() == Severity::low);
  CHECK(std::string(field_name(Field::summary)) == "summary");
  CHECK(parse_field("content").value() == Field::content);
  const auto field = parse_field("titel");
  REQUIRE_FALSE(field);
  CHECK(field.error().message == "unknown field 'titel': did you mean 'title'?");
}

TEST_CASE("Hits and events read back what to_json wrote", "[rules][match]") {
  const std::vector<Hit> hits{{Field::title, 4, 10, "Abrams"}, {Field::content, 0, 5, "tanks"}};
  Event event;
  event.supplier = "United States";
  event.recipient = "Ukraine";
  event.quantity = 31;
  event.status = TransferStatus::delivering;
  Event pact;
  pact.kind = EventKind::alliance;
  pact.parties = {"Japan", "Philippines"};
  pact.act = AllianceAct::pact;
  const auto read_hits = parse_hits(nlohmann::json(hits).dump());
  REQUIRE(read_hits);
  REQUIRE(read_hits->size() == 2);
  CHECK((*read_hits)[1].field == Field::content);
  CHECK((*read_hits)[0].end == 10);
  CHECK((*read_hits)[0].text == "Abrams");
  const auto read_events = parse_events(nlohmann::json(std::vector<Event>{event, pact}).dump());
  REQUIRE(read_events);
  REQUIRE(read_events->size() == 2);
  const auto& back = read_events->front();
  CHECK(back.kind == EventKind::transfer);
  CHECK(back.supplier == "United States");
  CHECK(back.system.empty());
  CHECK(back.quantity == 31);
  CHECK(back.status == TransferStatus::delivering);
  const auto& alliance = read_events->back();
  CHECK(alliance.kind == EventKind::alliance);
  CHECK(alliance.parties == std::vector<std::string>{"Japan", "Philippines"});
  CHECK(alliance.act == AllianceAct::pact);
  CHECK(alliance.place.empty());
}

TEST_CASE("Statuses and acts are named by their tables", "[rules][match]") {
  CHECK(std::string(status_name(TransferStatus::delivering)) == "delivering");
  CHECK(k_status_names.parse("refused").value() == TransferStatus::refused);
  CHECK(k_status_names.parse("pledgd").error().message ==
        "unknown status 'pledgd': did you mean 'pledged'?");
  CHECK(std::string(act_name(AllianceAct::withdrawal)) == "withdrawal");
  CHECK(k_act_names.parse("sumit").error().message ==
        "unknown act 'sumit': did you mean 'summit'?");
}

TEST_CASE("Hits and events of another shape are errors, not exceptions", "[rules][match]") {
  CHECK_THAT(parse_hits("{not json").error().message, Contains("hits are not a JSON array"));
  CHECK_THAT(parse_hits(R"([{"field":"body","start":0,"end":1,"text":"x"}])").error().message,
             Contains("unknown field 'body'"));
  CHECK_THAT(parse_hits(R"([{"field":"title","start":-1,"end":1,"text":"x"}])").error().message,
             Contains("a hit is not"));
  CHECK_THAT(parse_events(R"([{"supplier":7}])").error().message,
             Contains("the supplier of an event is not text"));
  CHECK_THAT(parse_events("[1]").error().message, Contains("an event is not a JSON object"));
  CHECK_THAT(parse_events(R"([{"status":"sent"}])").error().message,
             Contains("unknown status 'sent'"));
  CHECK_THAT(parse_events(R"([{"act":"party"}])").error().message, Contains("unknown act 'party'"));
  CHECK_THAT(parse_events(R"([{"act":"pact","parties":"Japan"}])").error().message,
             Contains("the parties of an event are not a list"));
  CHECK(parse_events("[]").value().empty());
}
