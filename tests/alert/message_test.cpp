// What one message tells its webhook: the alert as the webhook's routing sees it.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/message.h"
#include "daemon/alert/payload.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;

TEST_CASE("A message tells its webhook only the rules and topics it routes", "[alert][payload]") {
  auto message = test::single(test::sample_alert());
  message.entries[0].told =
      store::Notice{{"arms-transfer-pledge"}, {"arms_transfer"}, rules::Severity::high};
  const auto data = json_payload(message)["data"];
  REQUIRE(data["rules"].size() == 1);
  CHECK(data["rules"][0]["id"] == "arms-transfer-pledge");
  CHECK(data["topics"] == nlohmann::json({"arms_transfer"}));
  CHECK(data["hits"]["summary"].size() == 2);  // the coalition rule's "allies", "tanks" left out
  for (const auto format : {Format::slack, Format::discord, Format::teams}) {
    const auto body = render_payload(format, message);
    CHECK(body.find("allied-tank-coalition") == std::string::npos);
    CHECK(body.find("alliance") == std::string::npos);
  }
  // The whole alert, as newsmon alerts prints it, keeps both.
  CHECK(alert_data(message.entries[0].alert)["rules"].size() == 2);
}
