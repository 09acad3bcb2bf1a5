// Each format against a golden file under tests/data/alert/. To accept a deliberate
// change, run with NEWSMON_UPDATE_GOLDEN=1 and review the diff of the data files.

#include <cstdlib>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/alert/alert_fixture.h"
#include "tests/support/paths.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

void check_golden(Format format, const store::Alert& alert, const std::string& name) {
  const auto path = test::data_dir() / "alert" / name;
  const auto rendered = nlohmann::ordered_json::parse(render_payload(format, alert));
  if (std::getenv("NEWSMON_UPDATE_GOLDEN") != nullptr) {
    test::write_file(path, rendered.dump(2) + "\n");
  }
  const auto golden = util::read_file(path);
  REQUIRE(golden.ok());
  INFO("rendered:\n" << rendered.dump(2));
  CHECK(rendered == nlohmann::ordered_json::parse(*golden));
}

std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (const char byte : text) count += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  return count;
}

store::Alert long_alert() {
  auto alert = test::sample_alert();
  alert.title = std::string(400, 'T');
  alert.summary.clear();
  for (int i = 0; i < 800; ++i) alert.summary += "Ünïcödé ";
  alert.match.rule_title = std::string(3000, 'R');
  for (int i = 0; i < 200; ++i) {
    alert.match.hits.push_back({rules::Field::content, 0, 5, "term" + std::to_string(i)});
    alert.match.events.push_back(
        {"Supplier", "Recipient", "System", i, rules::TransferStatus::pledged});
  }
  return alert;
}

}  // namespace

TEST_CASE("The json format is the envelope of the design", "[alert][payload]") {
  check_golden(Format::json, test::sample_alert(), "json.json");
  const auto payload = json_payload(test::sample_alert());
  CHECK(payload.begin().key() == "type");
  CHECK(payload["data"]["story"]["published"] == "2023-01-30T08:40:00Z");
  CHECK(payload["data"]["also_reported_by"][0]["feed"]["title"] == "Paper Europe");
}

TEST_CASE("The slack format has a notification text and blocks", "[alert][payload]") {
  check_golden(Format::slack, test::sample_alert(), "slack.json");
}

TEST_CASE("The discord format has content and an embed and pings nobody", "[alert][payload]") {
  check_golden(Format::discord, test::sample_alert(), "discord.json");
}

TEST_CASE("The teams format is a message with an Adaptive Card", "[alert][payload]") {
  check_golden(Format::teams, test::sample_alert(), "teams.json");
}

TEST_CASE("A story without date, link, events or other reports renders without empty parts",
          "[alert][payload]") {
  auto alert = test::sample_alert();
  alert.published = {};
  alert.link.clear();
  alert.match.events.clear();
  alert.also_reported_by.clear();
  alert.match.hits.clear();

  const auto json = json_payload(alert);
  CHECK(json["data"]["story"]["published"].is_null());
  CHECK(json["data"]["events"].empty());

  const auto slack = slack_payload(alert);
  CHECK(slack["blocks"].size() == 3);  // header, lead, facts
  CHECK(slack["text"].get<std::string>().find("<|") == std::string::npos);

  const auto discord = discord_payload(alert);
  const auto& embed = discord["embeds"][0];
  CHECK_FALSE(embed.contains("url"));
  for (const auto& field : embed["fields"]) CHECK_FALSE(field["value"].get<std::string>().empty());
  CHECK(embed["timestamp"] == "2023-01-30T09:12:00Z");  // raised_at stands in

  const auto teams = teams_payload(alert);
  CHECK_FALSE(teams["attachments"][0]["content"].contains("actions"));
}

TEST_CASE("Long stories are cut to each service's limits", "[alert][payload]") {
  const auto alert = long_alert();
  const auto slack = slack_payload(alert);
  CHECK(characters(slack["text"]) <= 3000);
  CHECK(characters(slack["blocks"][0]["text"]["text"]) <= 150);
  for (const auto& block : slack["blocks"]) {
    if (block.contains("text")) CHECK(characters(block["text"]["text"]) <= 3000);
    if (block.contains("fields")) {
      CHECK(block["fields"].size() <= 10);
      for (const auto& field : block["fields"]) CHECK(characters(field["text"]) <= 2000);
    }
  }

  const auto discord = discord_payload(alert);
  CHECK(characters(discord["content"]) <= 2000);
  const auto& embed = discord["embeds"][0];
  std::size_t total = characters(embed["title"]) + characters(embed["description"]) +
                      characters(embed["footer"]["text"]);
  CHECK(characters(embed["title"]) <= 256);
  CHECK(characters(embed["description"]) <= 4096);
  CHECK(embed["fields"].size() <= 25);
  for (const auto& field : embed["fields"]) {
    CHECK(characters(field["value"]) <= 1024);
    total += characters(field["name"]) + characters(field["value"]);
  }
  CHECK(total <= 6000);
  CHECK(util::is_valid_utf8(render_payload(Format::discord, alert)));
  CHECK(render_payload(Format::teams, alert).size() < 28 * 1024);
}

TEST_CASE("Story text cannot inject markup into chat messages", "[alert][payload]") {
  auto alert = test::sample_alert();
  alert.title = "@everyone <!channel> *bold* [click](https://evil.example)";
  alert.summary = "<https://evil.example|innocent> & @here";

  // Slack parses mrkdwn (the notification text and sections) but not plain_text (header).
  const auto slack = slack_payload(alert);
  CHECK_THAT(slack["text"].get<std::string>(), Catch::Contains("@everyone &lt;!channel&gt;"));
  const auto lead = slack["blocks"][1]["text"]["text"].get<std::string>();
  CHECK_THAT(lead, Catch::Contains("&lt;https://evil.example|innocent&gt; &amp; @here"));
  CHECK(slack["blocks"][0]["text"]["type"] == "plain_text");

  const auto discord = discord_payload(alert);
  CHECK(discord["allowed_mentions"]["parse"].empty());
  CHECK(discord["embeds"][0]["description"] == R"(<https://evil.example\|innocent\> & @here)");
}

TEST_CASE("A stray invalid byte in a story does not stop its alert", "[alert][payload]") {
  auto alert = test::sample_alert();
  alert.title = "Abrams \xff tanks";
  for (const auto format : {Format::json, Format::slack, Format::discord, Format::teams}) {
    const auto body = render_payload(format, alert);
    CHECK(util::is_valid_utf8(body));
    CHECK(body.find("Abrams \xEF\xBF\xBD tanks") != std::string::npos);
  }
}
