#include "daemon/store/row_readers.h"

#include <nlohmann/json.hpp>

namespace newsmon::store::rows {

std::vector<std::string> string_array(std::string_view json_text) {
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  std::vector<std::string> out;
  if (!parsed.is_array()) return out;
  for (const auto& element : parsed) {
    if (element.is_string()) out.push_back(element.get<std::string>());
  }
  return out;
}

rules::Severity severity_of(std::string_view name) {
  return rules::k_severity_names.find(name).value_or(rules::Severity::medium);
}

std::string snippet_json(const Snippet& snippet) {
  auto highlights = nlohmann::json::array();
  for (const auto& span : snippet.highlights) highlights.push_back({span.start, span.end});
  return nlohmann::json{{"field", rules::field_name(snippet.field)},
                        {"text", snippet.text},
                        {"highlights", std::move(highlights)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Snippet parse_snippet(std::string_view json_text) {
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  Snippet snippet;
  if (!parsed.is_object()) return snippet;
  const auto text = parsed.find("text");
  const auto field = parsed.find("field");
  if (text == parsed.end() || !text->is_string()) return snippet;
  snippet.text = text->get<std::string>();
  if (field != parsed.end() && field->is_string()) {
    snippet.field =
        rules::k_field_names.find(field->get<std::string>()).value_or(rules::Field::title);
  }
  const auto highlights = parsed.find("highlights");
  if (highlights == parsed.end() || !highlights->is_array()) return snippet;
  for (const auto& span : *highlights) {
    if (!span.is_array() || span.size() != 2 || !span[0].is_number_unsigned() ||
        !span[1].is_number_unsigned()) {
      continue;
    }
    const auto start = span[0].get<std::size_t>();
    const auto end = span[1].get<std::size_t>();
    if (start < end && end <= snippet.text.size()) snippet.highlights.push_back({start, end});
  }
  return snippet;
}

const char* silence_state_name(SilenceState state) {
  switch (state) {
    case SilenceState::active: return "active";
    case SilenceState::expired: return "expired";
    case SilenceState::all: return "all";
  }
  return "all";
}

std::string like_pattern(const std::string& text) {
  if (text.empty()) return {};
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace newsmon::store::rows
