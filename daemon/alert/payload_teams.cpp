// Microsoft Teams (Workflows webhooks): a message with one Adaptive Card.

#include <fmt/format.h>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"

namespace newsmon::alert {
namespace {

constexpr std::size_t k_summary_limit = 2000;
constexpr std::size_t k_fact_limit = 500;

nlohmann::ordered_json text_block(std::string content, bool wrap = true) {
  return {{"type", "TextBlock"}, {"text", std::move(content)}, {"wrap", wrap}};
}

nlohmann::ordered_json fact(std::string_view title, std::string_view value) {
  return {{"title", title}, {"value", text::cut(value, k_fact_limit)}};
}

nlohmann::ordered_json fact_set(const store::Alert& alert) {
  const auto& match = alert.match;
  auto facts = nlohmann::ordered_json::array();
  facts.push_back(fact("Severity", rules::severity_name(match.severity)));
  facts.push_back(fact("Rule", fmt::format("{} ({})", match.rule_title, match.rule_id)));
  facts.push_back(fact("Topics", text::comma_list(match.topics)));
  facts.push_back(fact("Feed", text::feed_name(alert)));
  if (const auto published = text::published(alert); !published.empty()) {
    facts.push_back(fact("Published", published));
  }
  if (const auto terms = text::hit_terms(match); !terms.empty()) {
    facts.push_back(fact("Hits", text::comma_list(terms)));
  }
  return {{"type", "FactSet"}, {"facts", std::move(facts)}};
}

nlohmann::ordered_json card_body(const store::Alert& alert) {
  const auto& match = alert.match;
  const bool urgent = match.severity >= rules::Severity::high;
  auto body = nlohmann::ordered_json::array();
  auto label =
      text_block(fmt::format("{} · {}", text::severity_label(match.severity), match.rule_title));
  label["size"] = "Small";
  label["weight"] = "Bolder";
  label["color"] = urgent ? "Attention" : "Accent";
  body.push_back(std::move(label));
  auto headline = text_block(alert.title.empty() ? match.rule_title : alert.title);
  headline["size"] = "Large";
  headline["weight"] = "Bolder";
  body.push_back(std::move(headline));
  if (!alert.summary.empty()) body.push_back(text_block(text::cut(alert.summary, k_summary_limit)));
  body.push_back(fact_set(alert));
  if (!match.events.empty()) {
    std::string lines;
    for (const auto& event : match.events) lines += "- " + rules::event_line(event) + "\n";
    auto events = text_block("**Events**\n\n" + lines.substr(0, lines.size() - 1));
    body.push_back(std::move(events));
  }
  if (!alert.also_reported_by.empty()) {
    std::vector<std::string> sources;
    for (const auto& report : alert.also_reported_by) {
      sources.push_back(text::report_source(report));
    }
    auto reports = text_block("Also reported by: " + text::comma_list(sources));
    reports["isSubtle"] = true;
    body.push_back(std::move(reports));
  }
  return body;
}

}  // namespace

nlohmann::ordered_json teams_payload(const store::Alert& alert) {
  nlohmann::ordered_json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                                 {"type", "AdaptiveCard"},
                                 {"version", "1.4"},
                                 {"body", card_body(alert)}};
  if (!alert.link.empty()) {
    card["actions"] = nlohmann::ordered_json::array(
        {{{"type", "Action.OpenUrl"}, {"title", "Open story"}, {"url", alert.link}}});
  }
  return {{"type", "message"},
          {"attachments", nlohmann::ordered_json::array(
                              {{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                {"contentUrl", nullptr},
                                {"content", std::move(card)}}})}};
}

}  // namespace newsmon::alert
