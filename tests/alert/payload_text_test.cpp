// The pieces of text the chat formats share: outlets, rule and update lines, cuts at
// whole characters, and markup made inert.

#include <catch2/catch.hpp>

#include "daemon/alert/payload_text.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;

TEST_CASE("Outlets name the story's feed, then each other feed once", "[alert][payload_text]") {
  auto alert = test::sample_alert();
  CHECK(text::outlets_line(alert) == "Wire World and Paper Europe");
  alert.also_reported_by.push_back(alert.also_reported_by[0]);
  CHECK(text::outlets(alert) == std::vector<std::string>{"Wire World", "Paper Europe"});
  alert.also_reported_by.push_back({"", "https://third.example.org/rss", "", "", 0});
  CHECK(text::outlets_line(alert) == "Wire World and 2 others");
  alert.also_reported_by.clear();
  alert.story.feed_title.clear();
  CHECK(text::outlets_line(alert) == "https://wire.example.net/rss");
}

TEST_CASE("Rules, follow-ups, severities and times read as one line each",
          "[alert][payload_text]") {
  CHECK(text::rule_line(
            {"arms-transfer-pledge", "Weapons pledged or supplied", rules::Severity::high, {}}) ==
        "Weapons pledged or supplied (arms-transfer-pledge, high)");
  Update update;
  update.sequence = 2;
  CHECK(text::update_line(update) == "2 updates");
  update.new_topics = {"arms_transfer"};
  update.new_rules = {"a", "b"};
  update.previous_severity = rules::Severity::medium;
  update.severity = rules::Severity::high;
  CHECK(text::update_line(update) ==
        "adds topic arms_transfer; adds rules a, b; severity medium → high");
  CHECK(text::severity_label(rules::Severity::critical) == "CRITICAL");
  CHECK(text::short_time(test::k_raised_at) == "2023-01-30 09:12Z");
  CHECK(text::hit_terms({{rules::Field::title, 0, 6, "Abrams"},
                         {rules::Field::summary, 3, 9, "abrams"},
                         {rules::Field::summary, 10, 15, "tanks"}}) ==
        std::vector<std::string>{"Abrams", "tanks"});
}

TEST_CASE("Text is cut at whole characters and counted in characters", "[alert][payload_text]") {
  const std::string text = "Ünïcödé tanks";
  CHECK(text::cut(text, 100) == text);
  CHECK(text::cut(text, 6) == "Ün…");  // the ellipsis counts, and ï is not split
  CHECK(text::characters(text) == 13);
  CHECK(text::characters("") == 0);
}

TEST_CASE("Markup is made inert: specials and list markers escaped, URLs encoded",
          "[alert][payload_text]") {
  CHECK(text::backslash_escape("*bold* and _it_", "*_") == R"(\*bold\* and \_it\_)");
  CHECK(text::backslash_escape("- item\n12. item\nnot - a list", "") ==
        "\\- item\n12\\. item\nnot - a list");
  CHECK(text::inert_url("https://x.example/a|b>c (d)") == "https://x.example/a%7Cb%3Ec%20%28d%29");
  CHECK(text::replace_all("a-b-c", "-", "--") == "a--b--c");
  const store::Snippet snippet{rules::Field::summary, "send <31> tanks", {{0, 4}, {10, 15}}};
  const auto escape = [](std::string_view piece) {
    return text::replace_all(std::string(piece), "<", "&lt;");
  };
  CHECK(text::marked_snippet(snippet, escape, "*", "*") == "*send* &lt;31> *tanks*");
}
