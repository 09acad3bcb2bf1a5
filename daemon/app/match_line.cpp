#include "daemon/app/match_line.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/util/utf8.h"

namespace newsmon::app {
namespace {

template <typename Number>
void append_number(std::string& out, Number number) {
  std::array<char, 24> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
  out.append(digits.data(), end);
}

template <typename Text>
void append_strings(std::string& out, const std::vector<Text>& texts) {
  out += '[';
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, texts[i]);
  }
  out += ']';
}

// An empty text is null, as in rules::to_json(Event).
void append_nullable(std::string& out, const std::string& text) {
  if (text.empty()) {
    out += "null";
  } else {
    append_json_string(out, text);
  }
}

// {"act","parties","place"}, as rules::to_json(Event) writes an alliance event.
void append_alliance_event(std::string& out, const rules::Event& event) {
  out += "{\"act\":\"";
  out += rules::act_name(event.act);
  out += "\",\"parties\":";
  append_strings(out, event.parties);
  out += ",\"place\":";
  append_nullable(out, event.place);
  out += '}';
}

void append_event(std::string& out, const rules::Event& event) {
  if (event.kind == rules::EventKind::alliance) return append_alliance_event(out, event);
  out += "{\"quantity\":";
  if (event.quantity) {
    append_number(out, *event.quantity);
  } else {
    out += "null";
  }
  out += ",\"recipient\":";
  append_nullable(out, event.recipient);
  out += ",\"status\":\"";
  out += rules::status_name(event.status);
  out += "\",\"supplier\":";
  append_nullable(out, event.supplier);
  out += ",\"system\":";
  append_nullable(out, event.system);
  out += '}';
}

void append_hit(std::string& out, const rules::Hit& hit) {
  out += "{\"end\":";
  append_number(out, hit.end);
  out += ",\"field\":\"";
  out += rules::field_name(hit.field);
  out += "\",\"start\":";
  append_number(out, hit.start);
  out += ",\"text\":";
  append_json_string(out, hit.text);
  out += '}';
}

// The bytes a JSON string holds as they are: ASCII but for controls, '"' and '\\'.
constexpr std::array<bool, 256> k_plain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

void append_escape(std::string& out, char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
  }
}

// Ill-formed UTF-8 becomes U+FFFD, as in dump()'s error_handler_t::replace.
void append_repaired(std::string& out, std::string_view text) {
  out += nlohmann::json(std::string(text))
             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <typename Item, typename Append>
void append_array(std::string& out, const std::vector<Item>& items, Append&& append) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    append(out, items[i]);
  }
  out += ']';
}

void append_match(std::string& out, const rules::Match& match, rules::Explain explain) {
  out += '{';
  if (explain == rules::Explain::yes && !match.event_condition.empty()) {
    out += "\"event_condition\":";
    append_json_string(out, match.event_condition);
    out += ',';
  }
  out += "\"events\":";
  append_array(out, match.events, append_event);
  out += ",\"hits\":";
  append_array(out, match.hits, append_hit);
  if (explain == rules::Explain::yes && !match.removed.empty()) {
    out += ",\"removed\":";
    append_strings(out, match.removed);
  }
  out += ",\"rule\":";
  append_json_string(out, match.rule_id);
  out += ",\"severity\":\"";
  out += rules::severity_name(match.severity);
  out += "\",\"topics\":";
  append_strings(out, match.topics);
  out += '}';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t before = out.size();
  out += '"';
  // Runs of characters that need no escape are copied whole; the UTF-8 is checked on
  // the way, and text that is not valid UTF-8 is written again the slow way.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (k_plain[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = util::utf8_sequence_length(text.substr(i));
      if (length == 0) {
        out.resize(before);
        return append_repaired(out, text);
      }
      i += length;
      continue;
    }
    out.append(text.substr(run, i - run));
    run = ++i;
    append_escape(out, static_cast<char>(c));
  }
  out.append(text.substr(run));
  out += '"';
}

void append_match_line(std::string& out, std::string_view id,
                       const std::vector<rules::Match>& matches,
                       const std::vector<rules::Match>& dropped, rules::Explain explain) {
  out += '{';
  if (explain == rules::Explain::yes && !dropped.empty()) {
    out += "\"dropped\":";
    append_array(out, dropped, [](std::string& to, const rules::Match& match) {
      to += "{\"removed\":";
      append_strings(to, match.removed);
      to += ",\"rule\":";
      append_json_string(to, match.rule_id);
      to += '}';
    });
    out += ',';
  }
  out += "\"id\":";
  append_json_string(out, id);
  out += ",\"matches\":";
  append_array(out, matches, [explain](std::string& to, const rules::Match& match) {
    append_match(to, match, explain);
  });
  // The union of the matches' topics, in the order they first appear.
  thread_local std::vector<std::string_view> topics;
  topics.clear();
  for (const auto& match : matches) {
    for (const auto& topic : match.topics) {
      if (std::find(topics.begin(), topics.end(), topic) == topics.end()) topics.push_back(topic);
    }
  }
  out += ",\"topics\":";
  append_strings(out, topics);
  out += '}';
}

}  // namespace newsmon::app
