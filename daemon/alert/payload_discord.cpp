// Discord webhooks: a content line and embeds, within Discord's limits.

#include <array>

#include <fmt/format.h>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/util/clock.h"

namespace newsmon::alert {
namespace {

using json = nlohmann::ordered_json;

// Discord's limits, in characters; counted here in bytes, which is stricter. The
// description and field budgets keep one alert's embed under the 6,000-character cap.
constexpr std::size_t k_content_limit = 2000;
constexpr std::size_t k_title_limit = 256;
constexpr std::size_t k_description_limit = 2000;
constexpr std::size_t k_field_limit = 500;
// A digest: at most 10 embeds, all of them within 6,000 characters.
constexpr std::size_t k_max_embeds = 10;
constexpr std::size_t k_message_limit = 6000;
constexpr std::size_t k_digest_description_limit = 400;

constexpr std::array<int, 5> k_severity_colours{0x95a5a6, 0x3498db, 0xf1c40f, 0xe67e22, 0xe74c3c};

// Story text must not turn into formatting, a masked link, a quote or a list, nor ping
// anyone: "@everyone" and "@here" escaped read the same and mention nobody, whatever
// allowed_mentions says; a user, role or channel mention needs its '<'.
std::string escape(std::string_view text) {
  std::string escaped = text::backslash_escape(text, "\\*_~`|>[]#<");
  escaped = text::replace_all(std::move(escaped), "@everyone", "\\@everyone");
  return text::replace_all(std::move(escaped), "@here", "\\@here");
}

std::string snippet_text(const store::Snippet& snippet) {
  return text::marked_snippet(snippet, escape, "**", "**");
}

json field(std::string_view name, std::string value, bool inline_field) {
  return {{"name", name},
          {"value", text::cut(value.empty() ? "—" : value, k_field_limit)},
          {"inline", inline_field}};
}

std::string lines(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "• " : "\n• ") + item;
  return joined;
}

json fields(const MessageEntry& entry, const AlertView& view) {
  const auto& alert = entry.alert;
  auto list = json::array();
  if (entry.update)
    list.push_back(field("Update", escape(text::update_line(*entry.update)), false));
  list.push_back(field("Severity", rules::severity_name(view.severity), true));
  list.push_back(field("Topics", escape(text::comma_list(view.topics)), true));
  const auto published = text::published(alert.story);
  list.push_back(field("Published", published.empty() ? "not given" : published, true));
  std::vector<std::string> rules;
  for (const auto& rule : view.rules) rules.push_back(escape(text::rule_line(rule)));
  list.push_back(field("Rules", lines(rules), false));
  if (!view.events.empty()) {
    std::vector<std::string> events;
    for (const auto& event : view.events) events.push_back(escape(rules::event_line(event)));
    list.push_back(field("Events", lines(events), false));
  }
  list.push_back(field("Outlets", escape(text::comma_list(text::outlets(alert))), false));
  return list;
}

std::string headline(const store::Alert& alert, const AlertView& view) {
  if (!alert.story.title.empty()) return alert.story.title;
  return view.rules.empty() ? std::string("newsmon alert") : view.rules.front().title;
}

std::string label(const MessageEntry& entry, const AlertView& view) {
  return fmt::format("**[{}{}]**", entry.update ? "UPDATE · " : "",
                     text::severity_label(view.severity));
}

// The embed's frame: title, link, colour and time.
json embed_of(const store::Alert& alert, const AlertView& view) {
  json embed = {{"title", text::cut(headline(alert, view), k_title_limit)}};
  if (!alert.story.link.empty()) embed["url"] = alert.story.link;
  embed["color"] = k_severity_colours[static_cast<std::size_t>(view.severity)];
  return embed;
}

json single(const MessageEntry& entry) {
  const auto& alert = entry.alert;
  const auto view = view_of(entry);
  json embed = embed_of(alert, view);
  const std::string lead =
      alert.snippet.text.empty() ? escape(alert.story.summary) : snippet_text(alert.snippet);
  if (!lead.empty()) embed["description"] = text::cut(lead, k_description_limit);
  embed["fields"] = fields(entry, view);
  embed["footer"] = {{"text", fmt::format("newsmon · {} rule{}", view.rules.size(),
                                          view.rules.size() == 1 ? "" : "s")}};
  embed["timestamp"] = util::format_rfc3339(
      alert.story.published.has_value() ? alert.story.published.epoch_seconds : alert.raised_at);
  const std::string content =
      fmt::format("{} {} — {}", label(entry, view), escape(headline(alert, view)),
                  escape(text::outlets_line(alert)));
  // Story text may contain "@everyone" or role mentions: Discord must ping nobody.
  return {{"content", text::cut(content, k_content_limit)},
          {"allowed_mentions", {{"parse", json::array()}}},
          {"embeds", json::array({std::move(embed)})}};
}

json digest_embed(const MessageEntry& entry) {
  const auto& alert = entry.alert;
  const auto view = view_of(entry);
  json embed = embed_of(alert, view);
  std::string description =
      fmt::format("{} · {} · {}", label(entry, view), escape(text::outlets_line(alert)),
                  escape(text::comma_list(view.topics)));
  if (!alert.snippet.text.empty()) description += "\n" + snippet_text(alert.snippet);
  embed["description"] = text::cut(description, k_digest_description_limit);
  return embed;
}

std::size_t embed_size(const json& embed) {
  return text::characters(embed["title"].get<std::string>()) +
         text::characters(embed["description"].get<std::string>());
}

json digest(const Message& message) {
  const auto& window = *message.digest;
  const std::size_t count = message.entries.size();
  auto embeds = json::array();
  std::size_t total = 0;
  for (const auto& entry : message.entries) {
    auto embed = digest_embed(entry);
    if (embeds.size() == k_max_embeds || total + embed_size(embed) > k_message_limit) break;
    total += embed_size(embed);
    embeds.push_back(std::move(embed));
  }
  std::string content =
      fmt::format("**newsmon digest**: {} alert{}, {} – {}", count, count == 1 ? "" : "s",
                  text::short_time(window.start), text::short_time(window.end));
  if (embeds.size() < count) {
    content += fmt::format("\n…and {} more (newsmon alerts lists them all)", count - embeds.size());
  }
  return {{"content", text::cut(content, k_content_limit)},
          {"allowed_mentions", {{"parse", json::array()}}},
          {"embeds", std::move(embeds)}};
}

}  // namespace

nlohmann::ordered_json discord_payload(const Message& message) {
  if (message.digest) return digest(message);
  if (message.entries.empty()) return json::object();
  return single(message.entries.front());
}

}  // namespace newsmon::alert
