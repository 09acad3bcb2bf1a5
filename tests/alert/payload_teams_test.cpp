// The Teams format: one Adaptive Card 1.4, its label coloured for urgent alerts.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;

TEST_CASE("Teams gets one Adaptive Card whose label marks high and critical alerts",
          "[alert][payload_teams]") {
  auto alert = test::sample_alert();
  const auto teams = teams_payload(test::single(alert));
  CHECK(teams["type"] == "message");
  REQUIRE(teams["attachments"].size() == 1);
  const auto& card = teams["attachments"][0];
  CHECK(card["contentType"] == "application/vnd.microsoft.card.adaptive");
  CHECK(card["content"]["version"] == "1.4");
  CHECK(card["content"]["body"][0]["text"] == "HIGH · 2 rules");
  CHECK(card["content"]["body"][0]["color"] == "Attention");
  for (auto& stored : alert.matches) stored.match.severity = rules::Severity::medium;
  const auto medium = teams_payload(test::single(alert));
  CHECK(medium["attachments"][0]["content"]["body"][0]["text"] == "MEDIUM · 2 rules");
  CHECK(medium["attachments"][0]["content"]["body"][0]["color"] == "Accent");
}

TEST_CASE("A Teams digest of a story with bytes that are not UTF-8 is still rendered",
          "[alert][payload_teams]") {
  auto alert = test::sample_alert();
  alert.story.title =
      "Tanks\xA0"
      "for Kyiv";
  Message digest;
  digest.digest = DigestWindow{1'700'000'000, 1'700'003'600};
  for (int i = 0; i < 3; ++i) digest.entries.push_back({alert, std::nullopt, std::nullopt});
  const std::string body = render_payload(Format::teams, digest);
  CHECK(body.find("Tanks\xEF\xBF\xBD"
                  "for Kyiv") != std::string::npos);
}
