// Each format, for an alert, a follow-up and a digest, against a golden file under
// tests/data/alert/. To accept a deliberate change, run with NEWSMON_UPDATE_GOLDEN=1 and
// review the diff of the data files.

#include <cstdlib>

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/alert/alert_fixture.h"
#include "tests/support/paths.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

void check_golden(Format format, const Message& message, const std::string& name) {
  const auto path = test::data_dir() / "alert" / name;
  const auto rendered = nlohmann::ordered_json::parse(render_payload(format, message));
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
  alert.story.title = std::string(400, 'T');
  alert.story.summary.clear();
  alert.snippet = {};
  for (int i = 0; i < 800; ++i) alert.story.summary += "Ünïcödé ";
  auto& match = alert.matches[0].match;
  match.rule_title = std::string(3000, 'R');
  for (int i = 0; i < 200; ++i) {
    match.hits.push_back({rules::Field::content, static_cast<std::size_t>(i * 10),
                          static_cast<std::size_t>(i * 10 + 5), "term" + std::to_string(i)});
    match.events.push_back({"Supplier", "Recipient", "System", i, rules::TransferStatus::pledged});
  }
  return alert;
}

const Format k_formats[] = {Format::json, Format::slack, Format::discord, Format::teams};

}  // namespace

TEST_CASE("Each format renders one alert as its golden file", "[alert][payload]") {
  const auto message = test::single(test::sample_alert());
  check_golden(Format::json, message, "json.json");
  check_golden(Format::slack, message, "slack.json");
  check_golden(Format::discord, message, "discord.json");
  check_golden(Format::teams, message, "teams.json");
}

TEST_CASE("Each format renders a follow-up as its golden file", "[alert][payload]") {
  const auto message = test::sample_update();
  check_golden(Format::json, message, "json-update.json");
  check_golden(Format::slack, message, "slack-update.json");
  check_golden(Format::discord, message, "discord-update.json");
  check_golden(Format::teams, message, "teams-update.json");
}

TEST_CASE("Each format renders a digest as its golden file", "[alert][payload]") {
  const auto message = test::sample_digest(3);
  check_golden(Format::json, message, "json-digest.json");
  check_golden(Format::slack, message, "slack-digest.json");
  check_golden(Format::discord, message, "discord-digest.json");
  check_golden(Format::teams, message, "teams-digest.json");
}

TEST_CASE("Hits leave out function words and overlaps, keeping field and offsets",
          "[alert][payload]") {
  const auto hits = json_payload(test::single(test::sample_alert()))["data"]["hits"];
  CHECK(hits["title"] ==
        nlohmann::ordered_json::parse(R"([{"start":14,"end":26,"text":"Abrams tanks"}])"));
  CHECK(hits["summary"].size() == 4);
  for (const auto format : {Format::slack, Format::discord, Format::teams}) {
    const auto body = render_payload(format, test::single(test::sample_alert()));
    CHECK(body.find("\"to\"") == std::string::npos);
  }
}

TEST_CASE("The snippet marks its hits in bold in the chat formats", "[alert][payload]") {
  const auto message = test::single(test::sample_alert());
  CHECK_THAT(render_payload(Format::slack, message),
             Catch::Contains("The United States will *send* 31 M1 *Abrams* tanks"));
  CHECK_THAT(render_payload(Format::discord, message),
             Catch::Contains("The United States will **send** 31 M1 **Abrams** tanks"));
  CHECK_THAT(render_payload(Format::teams, message),
             Catch::Contains("14 Leopard 2 **tanks**, the **allies** said"));
}

TEST_CASE(
    "A story without date, link, events, snippet or other reports renders without empty parts",
    "[alert][payload]") {
  auto alert = test::sample_alert();
  alert.story.published = {};
  alert.story.link.clear();
  alert.also_reported_by.clear();
  alert.snippet = {};
  for (auto& stored : alert.matches) {
    stored.match.events.clear();
    stored.match.hits.clear();
  }
  const auto message = test::single(alert);

  const auto json = json_payload(message);
  CHECK(json["data"]["story"]["published"].is_null());
  CHECK(json["data"]["snippet"].is_null());
  CHECK(json["data"]["events"].empty());

  const auto slack = slack_payload(message);
  CHECK(slack["blocks"].size() == 4);  // header, byline, summary, facts
  CHECK(slack["text"].get<std::string>().find("<|") == std::string::npos);

  const auto discord = discord_payload(message);
  const auto& embed = discord["embeds"][0];
  CHECK_FALSE(embed.contains("url"));
  for (const auto& field : embed["fields"]) CHECK_FALSE(field["value"].get<std::string>().empty());
  CHECK(embed["timestamp"] == "2023-01-30T09:12:00Z");  // raised_at stands in

  const auto teams = teams_payload(message);
  CHECK_FALSE(teams["attachments"][0]["content"].contains("actions"));
}

TEST_CASE("Long stories are cut to each service's limits", "[alert][payload]") {
  const auto message = test::single(long_alert());
  const auto slack = slack_payload(message);
  CHECK(characters(slack["text"]) <= 3000);
  CHECK(characters(slack["blocks"][0]["text"]["text"]) <= 150);
  for (const auto& block : slack["blocks"]) {
    if (block.contains("text")) CHECK(characters(block["text"]["text"]) <= 3000);
    if (block.contains("fields")) {
      CHECK(block["fields"].size() <= 10);
      for (const auto& field : block["fields"]) CHECK(characters(field["text"]) <= 2000);
    }
  }

  const auto discord = discord_payload(message);
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
  CHECK(util::is_valid_utf8(render_payload(Format::discord, message)));
  CHECK(render_payload(Format::teams, message).size() < 28 * 1024);
}

TEST_CASE("A digest is cut at the format's size limit and counts the rest", "[alert][payload]") {
  const auto message = test::sample_digest(60);
  const auto slack = slack_payload(message);
  CHECK(slack["blocks"].size() <= 40);
  CHECK_THAT(slack["blocks"].back().dump(), Catch::Contains("…and 30 more"));

  const auto discord = discord_payload(message);
  CHECK(discord["embeds"].size() <= 10);
  std::size_t total = 0;
  for (const auto& embed : discord["embeds"]) {
    total += characters(embed["title"]) + characters(embed["description"]);
  }
  CHECK(total <= 6000);
  CHECK_THAT(discord["content"].get<std::string>(),
             Catch::Contains(fmt::format("…and {} more", 60 - discord["embeds"].size())));

  const auto teams = render_payload(Format::teams, message);
  CHECK(teams.size() < 28 * 1024);
  CHECK_THAT(teams, Catch::Contains("more (newsmon alerts lists them all)"));

  SECTION("while json carries every alert") {
    CHECK(json_payload(message)["data"]["alerts"].size() == 60);
  }
}

TEST_CASE("Story text cannot inject markup into chat messages", "[alert][payload]") {
  auto alert = test::sample_alert();
  alert.story.title = "@everyone <!channel> *bold* [Verify now](http://evil.example/phish)";
  alert.story.summary = "<https://evil.example|innocent> & @here";
  alert.snippet = {rules::Field::summary, alert.story.summary, {{32, 33}}};
  const auto message = test::single(alert);

  SECTION("Slack escapes &, < and > wherever it parses mrkdwn") {
    // The notification text and sections are mrkdwn; the header is plain_text.
    const auto slack = slack_payload(message);
    CHECK_THAT(slack["text"].get<std::string>(), Catch::Contains("@everyone &lt;!channel&gt;"));
    const auto lead = slack["blocks"][2]["text"]["text"].get<std::string>();
    CHECK(lead == "&lt;https://evil.example|innocent&gt; *&amp;* @here");
    CHECK(slack["blocks"][0]["text"]["type"] == "plain_text");
  }
  SECTION("Discord escapes its markdown and every mention") {
    const auto discord = discord_payload(message);
    CHECK(discord["allowed_mentions"]["parse"].empty());
    CHECK(discord["embeds"][0]["description"] ==
          R"(\<https://evil.example\|innocent\> **&** \@here)");
    CHECK_THAT(discord["content"].get<std::string>(),
               Catch::Contains(R"(\@everyone \<!channel\> \*bold\* \[Verify now\](http://evil)"));
  }
  SECTION("Teams shows a feed's markdown link as text, and escapes tags and entities") {
    auto card = test::single(alert);
    auto& story = card.entries[0].alert;
    story.story.summary = "Read <b>this</b> &lt;script&gt; R&D\n- not a list\n1. nor this";
    story.snippet = {};
    const auto teams = teams_payload(card);
    const auto body = teams["attachments"][0]["content"]["body"];
    CHECK(body[1]["text"] ==
          R"(@everyone \<!channel\> \*bold\* \[Verify now\](http://evil.example/phish))");
    CHECK(body[3]["text"] ==
          "Read \\<b\\>this\\</b\\> \\&lt;script\\&gt; R&D\n\\- not a list\n1\\. nor this");
  }
  SECTION("a link's URL and label cannot end Slack's <url|label> or Teams' [label](url) early") {
    auto digest = test::sample_digest(1);
    auto& entry = digest.entries[0].alert;
    entry.story.title = "Deal | done > expected";
    entry.story.link = "https://wire.example.net/a|b>c (d)";
    entry.also_reported_by[0].feed_title = "Paper | Europe";
    entry.also_reported_by[0].link = "https://paper.example.com/x|y";
    const auto slack = slack_payload(digest).dump();
    CHECK_THAT(slack, Catch::Contains("<https://wire.example.net/a%7Cb%3Ec%20%28d%29|Deal ∣ done "
                                      "&gt; expected>"));
    const auto single_slack = slack_payload(test::single(entry)).dump();
    CHECK_THAT(single_slack, Catch::Contains("<https://paper.example.com/x%7Cy|Paper ∣ Europe>"));
    const auto teams = teams_payload(digest).dump();
    CHECK_THAT(teams,
               Catch::Contains(
                   R"([Deal | done \\> expected](https://wire.example.net/a%7Cb%3Ec%20%28d%29))"));
  }
}

TEST_CASE("A stray invalid byte in a story does not stop its alert", "[alert][payload]") {
  auto alert = test::sample_alert();
  alert.story.title = "Abrams \xff tanks";
  for (const auto format : k_formats) {
    const auto body = render_payload(format, test::single(alert));
    CHECK(util::is_valid_utf8(body));
    CHECK(body.find("Abrams \xEF\xBF\xBD tanks") != std::string::npos);
  }
}

TEST_CASE("Alliance events show their actors as transfers show supplier and recipient",
          "[alert][payload]") {
  auto alert = test::sample_alert();
  rules::Event summit;
  summit.kind = rules::EventKind::alliance;
  summit.parties = {"NATO", "South Korea"};
  summit.act = rules::AllianceAct::summit;
  summit.place = "South Korea";
  alert.matches[1].match.events.push_back(summit);
  const auto message = test::single(alert);
  const auto json = json_payload(message)["data"]["events"];
  REQUIRE(json.size() == 3);
  CHECK(json[2] ==
        nlohmann::json::parse(
            R"({"parties":["NATO","South Korea"],"act":"summit","place":"South Korea"})"));
  for (const auto format : {Format::slack, Format::discord, Format::teams}) {
    INFO(format_name(format));
    CHECK_THAT(render_payload(format, message),
               Catch::Contains("NATO, South Korea: summit in South Korea") &&
                   Catch::Contains("United States → Ukraine: 31 × M1 Abrams (pledged)"));
  }
}

TEST_CASE("A feed URL's password and token reach no receiver, in any format", "[alert][payload]") {
  const std::string feed = "https://alice:S3cretPassw0rd@wire.example.net/rss?token=QUERY123&p=1";
  const std::string shown = "https://***@wire.example.net/rss?token=***&p=1";
  auto alert = test::sample_alert();
  alert.story.feed_url = feed;
  alert.also_reported_by[0].feed_url = feed + "&copy=1";
  SECTION("json names the feeds redacted, the story's and each copy's") {
    const auto data = json_payload(test::single(alert))["data"];
    CHECK(data["story"]["feed"]["url"] == shown);
    CHECK(data["also_reported_by"][0]["feed"]["url"] == shown + "&copy=1");
  }
  SECTION("feeds without a title are named by their URL, redacted") {
    alert.story.feed_title.clear();
    alert.also_reported_by[0].feed_title.clear();
    auto digest = test::sample_digest(2);
    digest.entries[1].alert = alert;
    for (const auto format : k_formats) {
      for (const auto& message : {test::single(alert), digest}) {
        const auto body = render_payload(format, message);
        INFO(body);
        CHECK(body.find("wire.example.net/rss") != std::string::npos);
        CHECK(body.find("S3cretPassw0rd") == std::string::npos);
        CHECK(body.find("QUERY123") == std::string::npos);
      }
    }
  }
}
