#include "daemon/alert/payload_text.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/util/clock.h"
#include "daemon/util/redact.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::alert::text {
namespace {

std::string plural(std::size_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

bool is_digit(char character) {
  return character >= '0' && character <= '9';
}

// Where, in text from `start` (a line's first character), a list marker sits that must be
// escaped: the '-' or '+' of "- item", the '.' or ')' of "1. item"; npos when none.
std::size_t list_marker(std::string_view text, std::size_t start) {
  std::size_t at = start;
  while (at < text.size() && text[at] == ' ') ++at;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) return at;
  std::size_t digits = at;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits > at && digits < text.size() && (text[digits] == '.' || text[digits] == ')')) {
    return digits;
  }
  return std::string_view::npos;
}

std::string named(std::string_view what, const std::vector<std::string>& names) {
  return fmt::format("adds {}{} {}", what, names.size() == 1 ? "" : "s", comma_list(names));
}

}  // namespace

std::vector<std::string> hit_terms(const std::vector<rules::Hit>& hits) {
  std::vector<std::string> terms;
  std::vector<std::string> folded;
  for (const auto& hit : hits) {
    auto key = util::to_lower_ascii(hit.text);
    if (hit.text.empty() || std::find(folded.begin(), folded.end(), key) != folded.end()) {
      continue;
    }
    folded.push_back(std::move(key));
    terms.push_back(hit.text);
  }
  return terms;
}

// A feed without a title is named by its URL, shown without its password or token.
std::string feed_name(const store::Story& story) {
  return story.feed_title.empty() ? util::redact_url(story.feed_url) : story.feed_title;
}

std::string report_source(const store::Report& report) {
  return report.feed_title.empty() ? util::redact_url(report.feed_url) : report.feed_title;
}

std::vector<std::string> outlets(const store::Alert& alert) {
  std::vector<std::string> names{feed_name(alert.story)};
  for (const auto& report : alert.also_reported_by) {
    auto name = report_source(report);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

std::string outlets_line(const store::Alert& alert) {
  const auto names = outlets(alert);
  if (names.size() == 1) return names.front();
  if (names.size() == 2) return names[0] + " and " + names[1];
  return fmt::format("{} and {} others", names.front(), names.size() - 1);
}

std::string published(const store::Story& story) {
  return story.published.has_value() ? util::format_rfc3339(story.published.epoch_seconds)
                                     : std::string();
}

std::string short_time(store::Epoch at) {
  std::string text = util::format_rfc3339(at);
  text[10] = ' ';
  return text.substr(0, 16) + "Z";
}

std::string severity_label(rules::Severity severity) {
  std::string label = rules::severity_name(severity);
  for (char& character : label) {
    if (character >= 'a' && character <= 'z') character = static_cast<char>(character - 32);
  }
  return label;
}

std::string rule_line(const RuleLine& rule) {
  return fmt::format("{} ({}, {})", rule.title, rule.id, rules::severity_name(rule.severity));
}

std::string update_line(const Update& update) {
  std::vector<std::string> parts;
  if (!update.new_topics.empty()) parts.push_back(named("topic", update.new_topics));
  if (!update.new_rules.empty()) parts.push_back(named("rule", update.new_rules));
  if (update.previous_severity) {
    parts.push_back(fmt::format("severity {} → {}", rules::severity_name(*update.previous_severity),
                                rules::severity_name(update.severity)));
  }
  if (parts.empty()) parts.push_back(plural(static_cast<std::size_t>(update.sequence), "update"));
  return util::join(parts, "; ");
}

std::string comma_list(const std::vector<std::string>& items) {
  return util::join(items, ", ");
}

std::string cut(std::string_view text, std::size_t max_bytes) {
  return util::truncate_utf8(text, max_bytes);
}

std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  }));
}

std::string backslash_escape(std::string_view text, std::string_view specials) {
  std::string escaped;
  escaped.reserve(text.size() + text.size() / 8);
  std::size_t marker = list_marker(text, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char character = text[i];
    if (i == marker || specials.find(character) != std::string_view::npos) escaped += '\\';
    escaped += character;
    if (character == '\n') marker = list_marker(text, i + 1);
  }
  return escaped;
}

std::string inert_url(std::string_view url) {
  constexpr std::string_view k_unsafe = " \"'<>|()[]`";
  std::string safe;
  safe.reserve(url.size());
  for (const char character : url) {
    if (k_unsafe.find(character) == std::string_view::npos &&
        static_cast<unsigned char>(character) > 0x20) {
      safe += character;
    } else {
      safe += fmt::format("%{:02X}", static_cast<unsigned char>(character));
    }
  }
  return safe;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

std::string marked_snippet(const store::Snippet& snippet,
                           const std::function<std::string(std::string_view)>& escape,
                           std::string_view open, std::string_view close) {
  const std::string_view text = snippet.text;
  std::string marked;
  std::size_t position = 0;
  for (const auto& span : snippet.highlights) {
    if (span.start < position || span.end > text.size()) continue;
    marked += escape(text.substr(position, span.start - position));
    marked += open;
    marked += escape(text.substr(span.start, span.end - span.start));
    marked += close;
    position = span.end;
  }
  marked += escape(text.substr(position));
  return marked;
}

}  // namespace newsmon::alert::text
