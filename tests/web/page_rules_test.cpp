#include <catch2/catch.hpp>

#include "daemon/rules/rule_set.h"
#include "daemon/web/console.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::k_console_clock;
using test::k_silence_names;
using test::Visitor;

namespace {

const char* const k_rules = R"(rules:
  - id: abrams
    title: "Abrams <tanks>"
    topics: [arms_transfer]
    query: 'abrams AND ukraine'
    mask: ["think tank"]
    tests:
      - {text: "US sends Abrams to Ukraine", expect: match}
      - {text: "Abrams for Poland", expect: match}
  - id: summit
    topics: [alliance_diplomacy]
    query: 'summit'
)";

}  // namespace

TEST_CASE(
    "The rules page lists each rule with its query, masks and tests, failures with "
    "their line",
    "[web][rules]") {
  const auto loaded = rules::load_rules_from_text(k_rules, "mine.yaml");
  REQUIRE(loaded.rules);
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  console.set_rules(test::console_rules(loaded.rules));
  Visitor visitor{console};
  const auto body = visitor.get("/rules").body;
  CHECK(body.find("2 rules loaded.") != std::string::npos);
  CHECK(body.find("<tr id=\"rule-abrams\">") != std::string::npos);
  CHECK(body.find("Abrams &lt;tanks&gt;") != std::string::npos);
  CHECK(body.find("<pre class=\"query\">abrams AND ukraine</pre>") != std::string::npos);
  CHECK(body.find("mask: think tank") != std::string::npos);
  CHECK(body.find("1 of 2 fail") != std::string::npos);
  CHECK(body.find("<code>mine.yaml:9</code>") != std::string::npos);
  CHECK(body.find("no tests") != std::string::npos);  // summit has none
  CHECK(body.find("href=\"/playground?rule=summit\"") != std::string::npos);
}

TEST_CASE("Without rules the rules page says none are loaded", "[web][rules]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  CHECK(visitor.get("/rules").body.find("No rules are loaded.") != std::string::npos);
}

TEST_CASE("The rules page lists the rules turned off with enabled: false apart", "[web][rules]") {
  const auto loaded = rules::load_rules_from_text(R"(rules:
  - id: abrams
    topics: [arms_transfer]
    query: 'abrams'
  - id: leopard
    title: "Leopard tanks"
    topics: [arms_transfer]
    severity: high
    query: 'leopard'
    enabled: false
)",
                                                  "mine.yaml");
  REQUIRE(loaded.rules);
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  console.set_rules(test::console_rules(loaded.rules, loaded.summaries));
  Visitor visitor{console};
  const auto body = visitor.get("/rules").body;
  CHECK(body.find("1 rules loaded.") != std::string::npos);
  const auto off = body.find("<h2>Turned off</h2>");
  REQUIRE(off != std::string::npos);
  CHECK(body.find("1 rule is turned off by <code>enabled: false</code>") != std::string::npos);
  const auto leopard = body.find("<tr id=\"rule-leopard\">");
  REQUIRE(leopard != std::string::npos);
  CHECK(leopard > off);
  CHECK(body.find("Leopard tanks", leopard) != std::string::npos);
  CHECK(body.find("href=\"/playground?rule=leopard\"") == std::string::npos);
}

TEST_CASE("Without rules the rules page still lists those turned off", "[web][rules]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  console.set_rules(test::console_rules(
      nullptr, {{"old", "Old", {"alliance_diplomacy"}, rules::Severity::low, false}}));
  Visitor visitor{console};
  const auto body = visitor.get("/rules").body;
  CHECK(body.find("No rules are loaded.") != std::string::npos);
  CHECK(body.find("<tr id=\"rule-old\">") != std::string::npos);
}
