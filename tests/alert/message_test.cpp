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

TEST_CASE("An alert's view has the highest severity, the rules most severe first, each event once",
          "[alert][message]") {
  auto alert = test::sample_alert();
  const auto view = view_of(alert);
  CHECK(view.severity == rules::Severity::high);
  CHECK(view.topics == std::vector<std::string>{"arms_transfer", "alliance_diplomacy"});
  REQUIRE(view.rules.size() == 2);
  CHECK(view.rules[0].id == "arms-transfer-pledge");
  CHECK(view.rules[1].id == "allied-tank-coalition");
  REQUIRE(view.events.size() == 2);
  CHECK(view.events[0].supplier == "United States");
  CHECK(view.events[1].supplier == "Germany");

  SECTION("a copy's rule counts, its hits do not") {
    alert.matches.push_back(
        {8, test::k_raised_at + 60,
         test::sample_match("nato-arms-appeal", "NATO appeals for arms", {"nato_appeals"},
                            rules::Severity::critical, {{rules::Field::title, 0, 4, "NATO"}})});
    const auto with_copy = view_of(alert);
    CHECK(with_copy.severity == rules::Severity::critical);
    CHECK(with_copy.rules[0].id == "nato-arms-appeal");
    CHECK(with_copy.topics.front() == "nato_appeals");
    CHECK(with_copy.hits.size() == view.hits.size());
  }
}

TEST_CASE("A copy adds only events that report something the story does not", "[alert][message]") {
  auto alert = test::sample_alert();  // own story: US and Germany pledge tanks to Ukraine
  auto copy = test::sample_match("nato-arms-appeal", "NATO appeals for arms", {"nato_appeals"},
                                 rules::Severity::critical, {});
  copy.events = {
      // The same pledge worded otherwise: no second line.
      {"United States", "Ukraine", "tanks", std::nullopt, rules::TransferStatus::pledged},
      // Another status of the same pair, and another pair: both new.
      {"United States", "Ukraine", "M1 Abrams", 31, rules::TransferStatus::delivered},
      {"Poland", "Ukraine", "PT-91 tanks", 60, rules::TransferStatus::pledged}};
  alert.matches.insert(alert.matches.begin(), {8, test::k_raised_at + 60, copy});
  const auto view = view_of(alert);
  REQUIRE(view.events.size() == 4);
  CHECK(view.events[0].system == "M1 Abrams");  // the story's own events come first
  CHECK(view.events[1].supplier == "Germany");
  CHECK(view.events[2].status == rules::TransferStatus::delivered);
  CHECK(view.events[3].supplier == "Poland");

  SECTION("the story's own events are all kept, however alike") {
    std::vector<rules::Event> events;
    add_event(events, copy.events[0], EventSource::story);
    add_event(events, alert.matches[1].match.events[0], EventSource::story);
    CHECK(events.size() == 2);
  }
  SECTION("an alliance event of the same act and parties, in any order, is one") {
    rules::Event summit;
    summit.kind = rules::EventKind::alliance;
    summit.act = rules::AllianceAct::visit;
    summit.parties = {"NATO", "South Korea"};
    summit.place = "South Korea";
    auto other = summit;
    other.parties = {"South Korea", "NATO"};
    other.place = "";
    std::vector<rules::Event> events;
    add_event(events, summit, EventSource::story);
    add_event(events, other, EventSource::copy);
    CHECK(events.size() == 1);
    other.act = rules::AllianceAct::summit;
    add_event(events, other, EventSource::copy);
    CHECK(events.size() == 2);
  }
}

TEST_CASE("A follow-up's job says what it adds to what the webhook was told before",
          "[alert][message]") {
  store::DeliveryJob job;
  job.alert = test::sample_alert();
  job.sequence = 2;
  job.updates = "msg_first";
  job.previous =
      store::Notice{{"arms-transfer-pledge"}, {"arms_transfer"}, rules::Severity::medium};
  job.notice = store::Notice{{"arms-transfer-pledge", "allied-tank-coalition"},
                             {"arms_transfer", "alliance_diplomacy"},
                             rules::Severity::high};
  const auto message = message_of(job);
  CHECK_FALSE(message.digest);
  REQUIRE(message.entries.size() == 1);
  REQUIRE(message.entries[0].update);
  const auto& update = *message.entries[0].update;
  CHECK(update.updates == "msg_first");
  CHECK(update.sequence == 2);
  CHECK(update.new_rules == std::vector<std::string>{"allied-tank-coalition"});
  CHECK(update.new_topics == std::vector<std::string>{"alliance_diplomacy"});
  CHECK(update.previous_severity == rules::Severity::medium);
  CHECK(update.severity == rules::Severity::high);
  CHECK(message.entries[0].told == job.notice);

  job.sequence = 0;
  CHECK_FALSE(message_of(job).entries[0].update);
}

TEST_CASE("A digest holds its window and its jobs' alerts in order", "[alert][message]") {
  std::vector<store::DeliveryJob> jobs(3);
  for (int i = 0; i < 3; ++i) {
    jobs[i].alert = test::sample_alert();
    jobs[i].alert.id = 100 + i;
  }
  const auto digest = digest_of(std::move(jobs), DigestWindow{1000, 4600});
  REQUIRE(digest.digest);
  CHECK(digest.digest->start == 1000);
  CHECK(digest.digest->end == 4600);
  REQUIRE(digest.entries.size() == 3);
  CHECK(digest.entries[0].alert.id == 100);
  CHECK(digest.entries[2].alert.id == 102);
  CHECK_FALSE(digest.entries[1].update);
}
