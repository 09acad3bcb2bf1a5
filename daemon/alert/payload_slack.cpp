// Slack incoming webhooks: a notification line and Block Kit blocks.

#include <fmt/format.h>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"

namespace newsmon::alert {
namespace {

using json = nlohmann::ordered_json;

// Slack's documented limits, in characters; counted here in bytes, which is stricter.
constexpr std::size_t k_header_limit = 150;
constexpr std::size_t k_section_limit = 3000;
constexpr std::size_t k_field_limit = 2000;
constexpr std::size_t k_text_limit = 3000;
// Slack refuses messages of more than 50 blocks; a digest keeps room for its frame.
constexpr std::size_t k_digest_alerts = 30;

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

// <url|label>: the URL ends at the first '|' or '>' and the label at the first '>', so
// neither may hold one. '>' is escaped anyway; a URL has its '|' percent-encoded (it
// means the same), a label shows a look-alike bar.
std::string link(std::string_view url, std::string_view label) {
  const std::string safe_label = text::replace_all(escape(label), "|", "∣");
  if (url.empty()) return safe_label;
  return fmt::format("<{}|{}>", escape(text::inert_url(url)), safe_label);
}

// The snippet with its hits in bold; '*' in story text would end the bold early, so it
// is shown as a look-alike.
std::string snippet_text(const store::Snippet& snippet) {
  const auto safe = [](std::string_view text) {
    std::string escaped = escape(text);
    for (std::size_t at = escaped.find('*'); at != std::string::npos; at = escaped.find('*', at)) {
      escaped.replace(at, 1, "∗");
    }
    return escaped;
  };
  return text::marked_snippet(snippet, safe, "*", "*");
}

json mrkdwn(std::string text) {
  return {{"type", "mrkdwn"}, {"text", std::move(text)}};
}

json section(std::string text) {
  return {{"type", "section"}, {"text", mrkdwn(text::cut(text, k_section_limit))}};
}

json context(std::string text) {
  return {{"type", "context"}, {"elements", {mrkdwn(text::cut(text, k_section_limit))}}};
}

json field(std::string_view name, std::string_view value) {
  return mrkdwn(text::cut(fmt::format("*{}*\n{}", name, value), k_field_limit));
}

std::string rules_text(const AlertView& view) {
  std::string lines;
  for (const auto& rule : view.rules) {
    if (!lines.empty()) lines += '\n';
    lines += fmt::format("• {} (`{}`, {})", escape(rule.title), escape(rule.id),
                         rules::severity_name(rule.severity));
  }
  return lines;
}

json facts(const store::Alert& alert, const AlertView& view) {
  auto fields = json::array();
  fields.push_back(field("Severity", rules::severity_name(view.severity)));
  fields.push_back(field("Topics", escape(text::comma_list(view.topics))));
  fields.push_back(field("Rules", rules_text(view)));
  fields.push_back(field("Outlets", escape(text::comma_list(text::outlets(alert)))));
  const auto published = text::published(alert.story);
  fields.push_back(field("Published", published.empty() ? "not given" : published));
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

// "*HIGH* · Wire World and Paper Europe · 2023-01-30 08:40Z"
std::string byline(const store::Alert& alert, const AlertView& view) {
  std::string line = fmt::format("*{}* · {}", text::severity_label(view.severity),
                                 escape(text::outlets_line(alert)));
  if (alert.story.published.has_value()) {
    line += " · " + text::short_time(alert.story.published.epoch_seconds);
  }
  return line;
}

std::string headline(const store::Alert& alert, const AlertView& view) {
  if (!alert.story.title.empty()) return alert.story.title;
  return view.rules.empty() ? std::string("newsmon alert") : view.rules.front().title;
}

json open_button(const std::string& url) {
  return {{"type", "actions"},
          {"elements",
           {{{"type", "button"},
             {"text", {{"type", "plain_text"}, {"text", "Open story"}}},
             {"url", url}}}}};
}

json alert_blocks(const MessageEntry& entry, const AlertView& view) {
  const auto& alert = entry.alert;
  auto blocks = json::array();
  blocks.push_back({{"type", "header"},
                    {"text",
                     {{"type", "plain_text"},
                      {"text", text::cut(headline(alert, view), k_header_limit)},
                      {"emoji", false}}}});
  if (entry.update)
    blocks.push_back(context("*Update:* " + escape(text::update_line(*entry.update))));
  blocks.push_back(context(byline(alert, view)));
  const std::string lead =
      alert.snippet.text.empty() ? escape(alert.story.summary) : snippet_text(alert.snippet);
  if (!lead.empty()) blocks.push_back(section(lead));
  blocks.push_back(facts(alert, view));
  if (!view.events.empty()) blocks.push_back(section(events_text(view.events)));
  if (!alert.also_reported_by.empty())
    blocks.push_back(context(reports_text(alert.also_reported_by)));
  if (!alert.story.link.empty()) blocks.push_back(open_button(alert.story.link));
  return blocks;
}

json single(const MessageEntry& entry) {
  const auto view = view_of(entry);
  // The notification line phones and screen readers show; Slack escapes it as mrkdwn too.
  std::string notification = fmt::format(
      "[{}{}] {} — {}", entry.update ? "UPDATE · " : "", text::severity_label(view.severity),
      escape(headline(entry.alert, view)), escape(text::outlets_line(entry.alert)));
  return {{"text", text::cut(notification, k_text_limit)}, {"blocks", alert_blocks(entry, view)}};
}

// One alert of a digest in one section: severity and linked title, outlets and topics,
// the snippet.
json digest_section(const MessageEntry& entry) {
  const auto& alert = entry.alert;
  const auto view = view_of(entry);
  std::string body = fmt::format("*[{}{}]* {}", entry.update ? "UPDATE · " : "",
                                 text::severity_label(view.severity),
                                 link(alert.story.link, headline(alert, view)));
  body += fmt::format("\n_{} · {}_", escape(text::outlets_line(alert)),
                      escape(text::comma_list(view.topics)));
  if (!alert.snippet.text.empty()) body += "\n>" + snippet_text(alert.snippet);
  return section(std::move(body));
}

json digest(const Message& message) {
  const auto& window = *message.digest;
  const std::size_t count = message.entries.size();
  const std::string title = fmt::format("newsmon digest: {} alert{}", count, count == 1 ? "" : "s");
  auto blocks = json::array();
  blocks.push_back(
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", title}, {"emoji", false}}}});
  blocks.push_back(context(
      fmt::format("{} – {}", text::short_time(window.start), text::short_time(window.end))));
  std::size_t shown = 0;
  for (const auto& entry : message.entries) {
    if (shown == k_digest_alerts) break;
    blocks.push_back(digest_section(entry));
    ++shown;
  }
  if (shown < count) {
    blocks.push_back(
        context(fmt::format("…and {} more (newsmon alerts lists them all)", count - shown)));
  }
  return {{"text", fmt::format("{}, {} – {}", title, text::short_time(window.start),
                               text::short_time(window.end))},
          {"blocks", std::move(blocks)}};
}

}  // namespace

nlohmann::ordered_json slack_payload(const Message& message) {
  if (message.digest) return digest(message);
  if (message.entries.empty()) return json::object();
  return single(message.entries.front());
}

}  // namespace newsmon::alert
