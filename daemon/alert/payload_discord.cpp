// Discord webhooks: a content line and one embed, within Discord's limits.

#include <array>

#include <fmt/format.h>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/util/clock.h"

namespace newsmon::alert {
namespace {

// Discord's limits, in characters; counted here in bytes, which is stricter. The
// description and field budgets keep the whole embed under its 6,000-character cap.
constexpr std::size_t k_content_limit = 2000;
constexpr std::size_t k_title_limit = 256;
constexpr std::size_t k_description_limit = 2000;
constexpr std::size_t k_field_limit = 500;

constexpr std::array<int, 5> k_severity_colours{0x95a5a6, 0x3498db, 0xf1c40f, 0xe67e22, 0xe74c3c};

// Story text must not turn into formatting (or into a masked link) in Discord markdown.
std::string escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char character : text) {
    switch (character) {
      case '\\':
      case '*':
      case '_':
      case '~':
      case '`':
      case '|':
      case '>':
      case '[':
      case ']':
      case '#': escaped += '\\'; break;
      default: break;
    }
    escaped += character;
  }
  return escaped;
}

nlohmann::ordered_json field(std::string_view name, std::string value, bool inline_field) {
  return {{"name", name},
          {"value", text::cut(value.empty() ? "—" : value, k_field_limit)},
          {"inline", inline_field}};
}

nlohmann::ordered_json fields(const store::Alert& alert) {
  const auto& match = alert.match;
  auto list = nlohmann::ordered_json::array();
  list.push_back(field("Severity", rules::severity_name(match.severity), true));
  list.push_back(field("Topics", escape(text::comma_list(match.topics)), true));
  list.push_back(field("Feed", escape(text::feed_name(alert)), true));
  if (const auto terms = text::hit_terms(match); !terms.empty()) {
    list.push_back(field("Hits", escape(text::comma_list(terms)), false));
  }
  if (!match.events.empty()) {
    std::string lines;
    for (const auto& event : match.events) lines += "• " + escape(rules::event_line(event)) + "\n";
    list.push_back(field("Events", lines.substr(0, lines.size() - 1), false));
  }
  if (!alert.also_reported_by.empty()) {
    std::vector<std::string> sources;
    for (const auto& report : alert.also_reported_by) {
      sources.push_back(escape(text::report_source(report)));
    }
    list.push_back(field("Also reported by", text::comma_list(sources), false));
  }
  return list;
}

}  // namespace

nlohmann::ordered_json discord_payload(const store::Alert& alert) {
  const auto& match = alert.match;
  nlohmann::ordered_json embed = {
      {"title", text::cut(alert.title.empty() ? match.rule_title : alert.title, k_title_limit)}};
  if (!alert.link.empty()) embed["url"] = alert.link;
  if (!alert.summary.empty()) {
    embed["description"] = text::cut(escape(alert.summary), k_description_limit);
  }
  embed["color"] = k_severity_colours[static_cast<std::size_t>(match.severity)];
  embed["fields"] = fields(alert);
  embed["footer"] = {{"text", text::cut("newsmon · " + match.rule_id, k_title_limit)}};
  embed["timestamp"] = util::format_rfc3339(
      alert.published.has_value() ? alert.published.epoch_seconds : alert.raised_at);
  const std::string content =
      fmt::format("**[{}]** {}", text::severity_label(match.severity), escape(match.rule_title));
  // Story text may contain "@everyone" or role mentions: Discord must ping nobody.
  return {{"content", text::cut(content, k_content_limit)},
          {"allowed_mentions", {{"parse", nlohmann::ordered_json::array()}}},
          {"embeds", nlohmann::ordered_json::array({std::move(embed)})}};
}

}  // namespace newsmon::alert
