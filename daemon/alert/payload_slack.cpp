// Slack incoming webhooks: a notification line and Block Kit blocks.

#include <fmt/format.h>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"

namespace newsmon::alert {
namespace {

// Slack's documented limits, in characters; counted here in bytes, which is stricter.
constexpr std::size_t k_header_limit = 150;
constexpr std::size_t k_section_limit = 3000;
constexpr std::size_t k_summary_limit = 2000;
constexpr std::size_t k_field_limit = 2000;

// mrkdwn treats these three as control characters in any text.
std::string escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char character : text) {
    switch (character) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      default: escaped += character;
    }
  }
  return escaped;
}

// A link label cannot contain '|' (it ends the URL part) even when escaped.
std::string link(std::string_view url, std::string_view label) {
  std::string safe_label = escape(label);
  for (char& character : safe_label) {
    if (character == '|') character = '/';
  }
  if (url.empty()) return safe_label;
  return fmt::format("<{}|{}>", escape(url), safe_label);
}

nlohmann::ordered_json mrkdwn(std::string text) {
  return {{"type", "mrkdwn"}, {"text", std::move(text)}};
}

nlohmann::ordered_json section(std::string text) {
  return {{"type", "section"}, {"text", mrkdwn(text::cut(text, k_section_limit))}};
}

nlohmann::ordered_json field(std::string_view name, std::string_view value) {
  return mrkdwn(text::cut(fmt::format("*{}*\n{}", name, value), k_field_limit));
}

nlohmann::ordered_json facts(const store::Alert& alert) {
  const auto& match = alert.match;
  auto fields = nlohmann::ordered_json::array();
  fields.push_back(field("Severity", rules::severity_name(match.severity)));
  fields.push_back(
      field("Rule", fmt::format("{} (`{}`)", escape(match.rule_title), escape(match.rule_id))));
  fields.push_back(field("Topics", escape(text::comma_list(match.topics))));
  fields.push_back(field("Feed", escape(text::feed_name(alert))));
  if (const auto published = text::published(alert); !published.empty()) {
    fields.push_back(field("Published", published));
  }
  if (const auto terms = text::hit_terms(match); !terms.empty()) {
    fields.push_back(field("Hits", escape(text::comma_list(terms))));
  }
  return {{"type", "section"}, {"fields", std::move(fields)}};
}

std::string events_text(const std::vector<rules::Event>& events) {
  std::string body = "*Events*";
  for (const auto& event : events) body += "\n• " + escape(rules::event_line(event));
  return body;
}

std::string reports_text(const std::vector<store::Report>& reports) {
  std::string body = "Also reported by: ";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (i > 0) body += ", ";
    body += link(reports[i].link, text::report_source(reports[i]));
  }
  return body;
}

}  // namespace

nlohmann::ordered_json slack_payload(const store::Alert& alert) {
  const auto& match = alert.match;
  const std::string headline = alert.title.empty() ? match.rule_title : alert.title;
  auto blocks = nlohmann::ordered_json::array();
  blocks.push_back({{"type", "header"},
                    {"text",
                     {{"type", "plain_text"},
                      {"text", text::cut(headline, k_header_limit)},
                      {"emoji", false}}}});
  std::string lead = link(alert.link, "Open story") + " · " + escape(text::feed_name(alert));
  if (!alert.summary.empty()) lead += "\n" + escape(text::cut(alert.summary, k_summary_limit));
  blocks.push_back(section(std::move(lead)));
  blocks.push_back(facts(alert));
  if (!match.events.empty()) blocks.push_back(section(events_text(match.events)));
  if (!alert.also_reported_by.empty()) {
    blocks.push_back(
        {{"type", "context"},
         {"elements", {mrkdwn(text::cut(reports_text(alert.also_reported_by), k_section_limit))}}});
  }
  // The notification line phones and screen readers show; Slack escapes it as mrkdwn too.
  std::string notification = fmt::format("[{}] {}: {}", text::severity_label(match.severity),
                                         escape(match.rule_title), escape(headline));
  if (!alert.link.empty()) notification += " " + link(alert.link, "link");
  return {{"text", text::cut(notification, k_section_limit)}, {"blocks", std::move(blocks)}};
}

}  // namespace newsmon::alert
