// The Slack format: a notification line and Block Kit blocks.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;

TEST_CASE("Slack's notification line gives the severity, the title and the outlets",
          "[alert][payload_slack]") {
  const auto slack = slack_payload(test::single(test::sample_alert()));
  CHECK(slack["text"] ==
        "[HIGH] US to send 31 Abrams tanks to Ukraine — Wire World and Paper Europe");
  CHECK(slack["blocks"][0]["type"] == "header");
  CHECK(slack["blocks"][0]["text"]["text"] == "US to send 31 Abrams tanks to Ukraine");
  const auto update = slack_payload(test::sample_update());
  CHECK_THAT(update["text"].get<std::string>(), Catch::StartsWith("[UPDATE · CRITICAL] "));
  CHECK_THAT(update.dump(), Catch::Contains("*Update:* adds topic nato_appeals"));
}
