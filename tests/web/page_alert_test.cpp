#include <catch2/catch.hpp>

#include "daemon/web/console.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::header;
using test::k_console_clock;
using test::k_console_now;
using test::Visitor;

TEST_CASE("An alert's page shows every rule with a silence button, and every delivery",
          "[web][console]") {
  FakeSource source;
  auto& alert = source.add_alert(7, "Abrams for Ukraine");
  alert.summary.rules = {"arms-supply", "alliance-summit"};
  alert.matches = {
      {"arms-supply",
       "Arms supply",
       {"arms_transfer"},
       rules::Severity::high,
       {{rules::Field::title, 0, 6, "Abrams"}},
       {},
       false},
      {"alliance-summit", "Summit", {"alliance_diplomacy"}, rules::Severity::medium, {}, {}, true}};
  web::DeliveryView first;
  first.endpoint = "analysts";
  first.webhook_id = "msg_0123456789abcdef";
  first.rules = {"arms-supply"};
  first.state = "delivered";
  first.attempts = 2;
  first.http_status = 204;
  web::DeliveryView follow_up = first;
  follow_up.sequence = 1;
  follow_up.webhook_id = "msg_fedcba9876543210";
  follow_up.state = "pending";
  follow_up.http_status = 500;
  follow_up.next_attempt_at = k_console_now + 120;
  web::DeliveryView held = first;
  held.endpoint = "newsroom";
  held.state = "held";
  held.hold = "silenced";
  held.silence_id = 3;
  alert.deliveries = {first, follow_up, held};
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  const auto body = visitor.get("/alerts/7").body;
  for (const char* rule : {"arms-supply", "alliance-summit"}) {
    INFO(rule);
    CHECK(body.find(std::string("name=\"rule\" value=\"") + rule + "\"") != std::string::npos);
  }
  CHECK(body.find("Silence this rule for 24 h") != std::string::npos);
  CHECK(body.find("Matched another outlet's copy") != std::string::npos);
  CHECK(body.find("msg_0123456789abcdef") != std::string::npos);
  CHECK(body.find("follow-up 1") != std::string::npos);
  CHECK(body.find("msg_fedcba9876543210") != std::string::npos);
  CHECK(body.find("href=\"/silences#silence-3\"") != std::string::npos);
  CHECK(visitor.get("/alerts").body.find("<code>alliance-summit</code>") != std::string::npos);
}

TEST_CASE("An alert's page lists the story's events, and a copy's only where they add",
          "[web][console]") {
  FakeSource source;
  auto& alert = source.add_alert(9, "NATO chief presses South Korea");
  const rules::Event own{"South Korea", "Ukraine", "military support", std::nullopt,
                         rules::TransferStatus::requested};
  const rules::Event reworded{"South Korea", "Ukraine", "arms", std::nullopt,
                              rules::TransferStatus::requested};
  const rules::Event other{"South Korea", "Poland", "K2 tanks", std::nullopt,
                           rules::TransferStatus::ordered};
  alert.matches = {
      {"arms-request", "Requests", {"arms_transfer"}, rules::Severity::medium, {}, {own}, false},
      {"arms-supply",
       "Supply",
       {"arms_transfer"},
       rules::Severity::high,
       {},
       {reworded, other},
       true}};
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  const auto body = visitor.get("/alerts/9").body;
  CHECK(body.find(rules::event_line(own)) != std::string::npos);
  CHECK(body.find(rules::event_line(reworded)) == std::string::npos);
  CHECK(body.find(rules::event_line(other)) != std::string::npos);
}
