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
  event.status = "pledged";
  const auto read_hits = parse_hits(nlohmann::json(hits).dump());
  REQUIRE(read_hits);
  REQUIRE(read_hits->size() == 2);
  CHECK((*read_hits)[1].field == Field::content);
  CHECK((*read_hits)[0].end == 10);
  CHECK((*read_hits)[0].text == "Abrams");
  const auto read_events = parse_events(nlohmann::json(std::vector<Event>{event}).dump());
  REQUIRE(read_events);
  REQUIRE(read_events->size() == 1);
  const auto& back = read_events->front();
  CHECK(back.supplier == "United States");
  CHECK(back.system.empty());
  CHECK(back.quantity == 31);
  CHECK(back.status == "pledged");
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
  CHECK(parse_events("[]").value().empty());
}
