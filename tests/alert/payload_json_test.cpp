// The json format: the envelope of DESIGN.md section 7, for an alert, a follow-up and a
// digest.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;

TEST_CASE("The json envelope is version 2: one alert with every rule it matched",
          "[alert][payload]") {
  const auto payload = json_payload(test::single(test::sample_alert()));
  CHECK(payload.begin().key() == "type");
  CHECK(payload["type"] == "newsmon.alert");
  CHECK(payload["version"] == 2);
  const auto& data = payload["data"];
  CHECK(data["severity"] == "high");
  CHECK(data["topics"] == nlohmann::json({"arms_transfer", "alliance_diplomacy"}));
  REQUIRE(data["rules"].size() == 2);
  CHECK(data["rules"][0]["id"] == "arms-transfer-pledge");
  CHECK(data["rules"][1]["severity"] == "medium");
  CHECK(data["story"]["published"] == "2023-01-30T08:40:00Z");
  CHECK(data["also_reported_by"][0]["feed"]["title"] == "Paper Europe");
  // The events of both rules, without the repeat.
  CHECK(data["events"].size() == 2);
  CHECK(data["snippet"]["field"] == "summary");
  CHECK(data["snippet"]["highlights"].size() == 4);

  SECTION("a follow-up says which message it updates and what it adds") {
    const auto update = json_payload(test::sample_update());
    CHECK(update["type"] == "newsmon.alert.update");
    CHECK(update["data"]["update"]["updates"] == "msg_7c64030afcca293cfaf601b443c38c1c");
    CHECK(update["data"]["update"]["new_topics"] == nlohmann::json({"nato_appeals"}));
    CHECK(update["data"]["update"]["previous_severity"] == "high");
    CHECK(update["data"]["severity"] == "critical");
    CHECK(update["data"]["rules"][0]["id"] == "nato-arms-appeal");
  }
  SECTION("a digest lists its window's alerts") {
    const auto digest = json_payload(test::sample_digest(5));
    CHECK(digest["type"] == "newsmon.digest");
    CHECK(digest["data"]["count"] == 5);
    CHECK(digest["data"]["alerts"].size() == 5);
    CHECK(digest["data"]["window"]["start"] == "2023-01-30T09:00:00Z");
    CHECK(digest["data"]["window"]["end"] == "2023-01-30T10:00:00Z");
  }
}
