// Microsoft Teams (Workflows webhooks): a message with one Adaptive Card.

#include <fmt/format.h>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/util/ascii.h"
#include "daemon/util/text.h"

namespace newsmon::alert {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t k_summary_limit = 2000;
constexpr std::size_t k_fact_limit = 500;
// Teams refuses messages over 28 KB; a digest stops adding alerts well before.
constexpr std::size_t k_digest_bytes = 20 * 1024;

json text_block(std::string content) {
  return {{"type", "TextBlock"}, {"text", std::move(content)}, {"wrap", true}};
}

json subtle(std::string content) {
  auto block = text_block(std::move(content));
  block["isSubtle"] = true;
  block["spacing"] = "None";
  return block;
}

json fact(std::string_view title, std::string_view value) {
  return {{"title", title}, {"value", text::cut(value, k_fact_limit)}};
}

// Whether text at `at` (just after a '&') reads as an entity: "amp;", "#39;", "x27;".
bool entity_follows(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && end - at < 32 &&
         (util::is_ascii_alnum(text[end]) || (end == at && text[end] == '#'))) {
    ++end;
  }
  return end > at && end < text.size() && text[end] == ';';
}

// Card text is markdown, and some hosts render HTML: story text must not become emphasis,
// a link, a list or a heading, a tag, or an entity decoded into one.
std::string escape(std::string_view text) {
  const std::string escaped = text::backslash_escape(text, "\\*_~`[]<>#");
  std::string inert;
  inert.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '&' && entity_follows(escaped, i + 1)) inert += '\\';
    inert += escaped[i];
  }
  return inert;
}

std::string snippet_text(const store::Snippet& snippet) {
  return text::marked_snippet(snippet, escape, "**", "**");
}

std::string headline(const store::Alert& alert, const AlertView& view) {
  if (!alert.story.title.empty()) return alert.story.title;
  return view.rules.empty() ? std::string("newsmon alert") : view.rules.front().title;
}

json fact_set(const store::Alert& alert, const AlertView& view) {
  auto facts = json::array();
  facts.push_back(fact("Severity", rules::severity_name(view.severity)));
  facts.push_back(fact("Topics", escape(text::comma_list(view.topics))));
  std::vector<std::string> rules;
  for (const auto& rule : view.rules) rules.push_back(escape(text::rule_line(rule)));
  facts.push_back(fact("Rules", util::join(rules, "\n")));
  facts.push_back(fact("Outlets", escape(text::comma_list(text::outlets(alert)))));
  const auto published = text::published(alert.story);
  facts.push_back(fact("Published", published.empty() ? "not given" : published));
  return {{"type", "FactSet"}, {"facts", std::move(facts)}};
}

json label(const MessageEntry& entry, const AlertView& view) {
  const bool urgent = view.severity >= rules::Severity::high;
  auto block = text_block(fmt::format("{}{} · {} rule{}", entry.update ? "UPDATE · " : "",
                                      text::severity_label(view.severity), view.rules.size(),
                                      view.rules.size() == 1 ? "" : "s"));
  block["size"] = "Small";
  block["weight"] = "Bolder";
  block["color"] = urgent ? "Attention" : "Accent";
  return block;
}

json card_body(const MessageEntry& entry) {
  const auto& alert = entry.alert;
  const auto view = view_of(entry);
  auto body = json::array();
  body.push_back(label(entry, view));
  auto title = text_block(escape(headline(alert, view)));
  title["size"] = "Large";
  title["weight"] = "Bolder";
  body.push_back(std::move(title));
  std::string byline = escape(text::outlets_line(alert));
  if (alert.story.published.has_value()) {
    byline += " · " + text::short_time(alert.story.published.epoch_seconds);
  }
  body.push_back(subtle(std::move(byline)));
  if (entry.update) {
    body.push_back(text_block("**Update:** " + escape(text::update_line(*entry.update))));
  }
  const std::string lead =
      alert.snippet.text.empty() ? escape(alert.story.summary) : snippet_text(alert.snippet);
  if (!lead.empty()) body.push_back(text_block(text::cut(lead, k_summary_limit)));
  body.push_back(fact_set(alert, view));
  if (!view.events.empty()) {
    std::string lines;
    for (const auto& event : view.events) lines += "\n- " + escape(rules::event_line(event));
    body.push_back(text_block("**Events**\n" + lines));
  }
  if (!alert.also_reported_by.empty()) {
    std::vector<std::string> sources;
    for (const auto& report : alert.also_reported_by)
      sources.push_back(text::report_source(report));
    body.push_back(subtle("Also reported by: " + text::comma_list(sources)));
  }
  return body;
}

json digest_container(const MessageEntry& entry) {
  const auto& alert = entry.alert;
  const auto view = view_of(entry);
  const std::string headline_text = escape(headline(alert, view));
  const std::string title =
      alert.story.link.empty()
          ? headline_text
          : fmt::format("[{}]({})", headline_text, text::inert_url(alert.story.link));
  auto items = json::array();
  items.push_back(text_block(fmt::format("**[{}{}]** {}", entry.update ? "UPDATE · " : "",
                                         text::severity_label(view.severity), title)));
  items.push_back(subtle(text::outlets_line(alert) + " · " + text::comma_list(view.topics)));
  if (!alert.snippet.text.empty()) items.push_back(text_block(snippet_text(alert.snippet)));
  return {{"type", "Container"}, {"separator", true}, {"items", std::move(items)}};
}

json digest_body(const Message& message) {
  const auto& window = *message.digest;
  const std::size_t count = message.entries.size();
  auto body = json::array();
  auto title = text_block(fmt::format("newsmon digest: {} alert{}", count, count == 1 ? "" : "s"));
  title["size"] = "Large";
  title["weight"] = "Bolder";
  body.push_back(std::move(title));
  body.push_back(
      subtle(fmt::format("{} – {}", text::short_time(window.start), text::short_time(window.end))));
  std::size_t shown = 0;
  std::size_t bytes = 0;
  for (const auto& entry : message.entries) {
    auto container = digest_container(entry);
    const auto size = container.dump(-1, ' ', false, json::error_handler_t::replace).size();
    if (bytes + size > k_digest_bytes) break;
    bytes += size;
    body.push_back(std::move(container));
    ++shown;
  }
  if (shown < count) {
    body.push_back(
        subtle(fmt::format("…and {} more (newsmon alerts lists them all)", count - shown)));
  }
  return body;
}

json message_of_card(json body, const std::string& link) {
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", std::move(body)}};
  if (!link.empty()) {
    card["actions"] =
        json::array({{{"type", "Action.OpenUrl"}, {"title", "Open story"}, {"url", link}}});
  }
  return {{"type", "message"},
          {"attachments", json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                        {"contentUrl", nullptr},
                                        {"content", std::move(card)}}})}};
}

}  // namespace

nlohmann::ordered_json teams_payload(const Message& message) {
  if (message.digest) return message_of_card(digest_body(message), "");
  if (message.entries.empty()) return json::object();
  const auto& entry = message.entries.front();
  return message_of_card(card_body(entry), entry.alert.story.link);
}

}  // namespace newsmon::alert
