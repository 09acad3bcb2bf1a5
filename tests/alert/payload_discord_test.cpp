// The Discord format: a content line and embeds coloured by severity, mentioning nobody.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;

TEST_CASE("Discord's embed is coloured by the alert's severity and its content pings no one",
          "[alert][payload_discord]") {
  auto alert = test::sample_alert();
  const auto high = discord_payload(test::single(alert));
  CHECK(high["embeds"][0]["color"] == 0xe67e22);
  CHECK(high["allowed_mentions"]["parse"].empty());
  CHECK_THAT(high["content"].get<std::string>(), Catch::StartsWith("**[HIGH]** "));
  for (auto& stored : alert.matches) stored.match.severity = rules::Severity::critical;
  CHECK(discord_payload(test::single(alert))["embeds"][0]["color"] == 0xe74c3c);
  for (auto& stored : alert.matches) stored.match.severity = rules::Severity::low;
  CHECK(discord_payload(test::single(alert))["embeds"][0]["color"] == 0x3498db);
}
