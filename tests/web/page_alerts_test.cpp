#include <catch2/catch.hpp>

#include "daemon/web/console.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::header;
using test::k_console_clock;
using test::Visitor;

TEST_CASE("The alerts list pages by fifty and keeps its filters in the links", "[web][console]") {
  FakeSource source;
  for (int id = 1; id <= 120; ++id) source.add_alert(id, "story " + std::to_string(id));
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  auto body = visitor.get("/alerts?topic=arms_transfer&severity=high&q=tanks").body;
  CHECK(source.last_filter.topic == "arms_transfer");
  CHECK(source.last_filter.min_severity == rules::Severity::high);
  CHECK(source.last_filter.text == "tanks");
  CHECK(source.last_filter.limit == 50);
  CHECK(body.find("story 120") != std::string::npos);
  CHECK(body.find("story 70<") == std::string::npos);
  CHECK(body.find(
            "href=\"/alerts?before=71&amp;q=tanks&amp;severity=high&amp;topic=arms_transfer\"") !=
        std::string::npos);
  body = visitor.get("/alerts?before=71").body;
  CHECK(source.last_filter.before_id == 71);
  CHECK(body.find("story 70<") != std::string::npos);
  CHECK(body.find("data-live-after") == std::string::npos);  // older pages do not grow live
}
