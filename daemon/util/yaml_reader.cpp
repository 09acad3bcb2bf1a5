#include "daemon/util/yaml_reader.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <yaml-cpp/depthguard.h>

#include "daemon/util/duration.h"
#include "daemon/util/spelling.h"
#include "daemon/util/utf8.h"

namespace newsmon::util {
namespace {

// A scalar shown in a message: enough to recognise it, never a whole minified file.
constexpr std::size_t k_max_quoted_scalar = 60;

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar:
      return fmt::format("'{}'", truncate_utf8(node.Scalar(), k_max_quoted_scalar, "..."));
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

std::string unknown_key_message(std::string_view key, std::string_view what,
                                std::span<const std::string_view> keys) {
  const auto closest = closest_spelling(key, keys);
  if (!closest.empty()) {
    return fmt::format("unknown key '{}' in {}: did you mean '{}'?", key, what, closest);
  }
  return fmt::format("unknown key '{}' in {}: the keys are {}", key, what, fmt::join(keys, ", "));
}

bool starts_token(std::string_view text, std::size_t at) {
  if (at == 0) return true;
  const char before = text[at - 1];
  return before == ' ' || before == '\t' || before == '\n' || before == '[' || before == '{' ||
         before == ',' || before == ':';
}

// Past the quoted scalar that starts at `at`, or the end of the text.
std::size_t skip_quoted(std::string_view text, std::size_t at) {
  const char quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return text.size();
}

// The '[' or '{' before `end` that is never closed, outside quotes and comments: where a
// "flow not found" error belongs. yaml-cpp reports it at the next token, often on the
// next line or at the end of the file.
std::optional<std::size_t> unclosed_flow(std::string_view text, std::size_t end) {
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < std::min(end, text.size()); ++i) {
    const char c = text[i];
    if (c == '#' && starts_token(text, i)) {
      i = std::min(text.find('\n', i), text.size());
    } else if ((c == '"' || c == '\'') && starts_token(text, i)) {
      i = skip_quoted(text, i) - 1;
    } else if (c == '[' || c == '{') {
      open.push_back(i);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    }
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

}  // namespace

const YAML::Node* YamlMap::find(std::string_view key) const {
  for (const auto& entry : m_entries) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

YamlReader::YamlReader(std::filesystem::path file, std::string text,
                       std::vector<Diagnostic>& diagnostics)
    : m_file(std::move(file)), m_text(std::move(text)), m_diagnostics(diagnostics) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < m_text.size(); ++i) {
    if (m_text[i] == '\n') m_line_starts.push_back(i + 1);
  }
}

std::optional<YAML::Node> YamlReader::parse() {
  try {
    return YAML::Load(m_text);
  } catch (const YAML::DeepRecursion& exception) {
    syntax_error(exception.mark,
                 fmt::format("lists and mappings nest more than {} levels deep here; a "
                             "newsmon file needs a handful: look for brackets or indentation "
                             "that never close",
                             exception.depth()));
  } catch (const YAML::Exception& exception) {
    syntax_error(exception.mark, exception.msg);
  }
  return std::nullopt;
}

void YamlReader::syntax_error(const YAML::Mark& mark, const std::string& message) {
  if (mark.is_null() || mark.pos < 0) {
    m_diagnostics.push_back(Diagnostic{m_file, 0, 0, "YAML syntax: " + message, {}});
    return;
  }
  const auto position = static_cast<std::size_t>(mark.pos);
  const bool flow =
      message == YAML::ErrorMsg::END_OF_SEQ_FLOW || message == YAML::ErrorMsg::END_OF_MAP_FLOW;
  if (const auto opener = flow ? unclosed_flow(m_text, position) : std::nullopt) {
    const bool list = m_text[*opener] == '[';
    m_diagnostics.push_back(at_byte(
        *opener, fmt::format("YAML syntax: this '{}' is never closed: end the {} with '{}'",
                             m_text[*opener], list ? "list" : "mapping", list ? ']' : '}')));
    return;
  }
  m_diagnostics.push_back(at_byte(position, "YAML syntax: " + message));
}

// ---- locations ----

Diagnostic YamlReader::at_byte(std::size_t position, std::string message) const {
  position = std::min(position, m_text.size());
  const auto line = static_cast<std::size_t>(
      std::upper_bound(m_line_starts.begin(), m_line_starts.end(), position) -
      m_line_starts.begin() - 1);
  const std::size_t start = m_line_starts[line];
  std::size_t end = m_text.find('\n', start);
  if (end == std::string::npos) end = m_text.size();
  Diagnostic diagnostic{m_file, static_cast<int>(line + 1), static_cast<int>(position - start + 1),
                        std::move(message), m_text.substr(start, end - start)};
  if (!diagnostic.source_line.empty() && diagnostic.source_line.back() == '\r') {
    diagnostic.source_line.pop_back();
  }
  return diagnostic;
}

Diagnostic YamlReader::at(const YAML::Node& node, std::string message) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.pos < 0) return Diagnostic{m_file, 0, 0, std::move(message), {}};
  return at_byte(static_cast<std::size_t>(mark.pos), std::move(message));
}

Diagnostic YamlReader::at_value(const YAML::Node& scalar, std::size_t offset,
                                std::string message) const {
  const YAML::Mark mark = scalar.Mark();
  if (mark.is_null() || mark.pos < 0) return at(scalar, std::move(message));
  return at_byte(value_position(mark, offset), std::move(message));
}

std::string YamlReader::location(const YAML::Node& node) const {
  const auto place = at(node, {});
  if (place.line == 0) return m_file.string();
  return fmt::format("{}:{}:{}", m_file.string(), place.line, place.column);
}

std::size_t YamlReader::value_position(const YAML::Mark& mark, std::size_t offset) const {
  const auto start = static_cast<std::size_t>(mark.pos);
  if (start >= m_text.size()) return start;
  const char style = m_text[start];
  if (style == '|' || style == '>') return block_position(start, offset);
  if (style != '\'' && style != '"') return start + offset;
  // Walk the quoted text, counting the characters its escapes stand for.
  std::size_t at = start + 1;
  for (std::size_t decoded = 0; decoded < offset && at < m_text.size(); ++decoded) {
    if (style == '\'' && m_text[at] == '\'' && at + 1 < m_text.size() && m_text[at + 1] == '\'') {
      at += 2;
    } else if (style == '"' && m_text[at] == '\\') {
      at += 2;
    } else {
      ++at;
    }
  }
  return at;
}

std::size_t YamlReader::block_position(std::size_t indicator, std::size_t offset) const {
  // The content starts on the next line; every content line loses the same indentation
  // and is joined to the next by one character (a newline, or a space when folded).
  std::size_t line = m_text.find('\n', indicator);
  if (line == std::string::npos) return indicator;
  ++line;
  std::size_t indent = 0;
  while (line + indent < m_text.size() && m_text[line + indent] == ' ') ++indent;
  std::size_t remaining = offset;
  while (line < m_text.size()) {
    std::size_t end = m_text.find('\n', line);
    if (end == std::string::npos) end = m_text.size();
    const std::size_t length = end > line + indent ? end - line - indent : 0;
    if (remaining <= length) return line + indent + remaining;
    remaining -= length + 1;
    line = end + 1;
  }
  return indicator;
}

void YamlReader::error(const YAML::Node& node, std::string message) {
  m_diagnostics.push_back(at(node, std::move(message)));
}

void YamlReader::error_at_value(const YAML::Node& scalar, std::size_t offset, std::string message) {
  m_diagnostics.push_back(at_value(scalar, offset, std::move(message)));
}

void YamlReader::error_in_file(std::string message) {
  m_diagnostics.push_back(Diagnostic{m_file, 0, 0, std::move(message), {}});
}

// ---- values ----

std::optional<YamlMap> YamlReader::map(const YAML::Node& node, std::string_view what,
                                       std::span<const std::string_view> keys) {
  if (!node.IsMap()) {
    error(node,
          fmt::format("{} must be a mapping of keys to values, not {}", what, describe(node)));
    return std::nullopt;
  }
  YamlMap map;
  std::vector<YAML::Node> key_nodes;
  for (const auto& entry : node) {
    check_key(entry.first, what, keys, map, key_nodes);
    if (key_nodes.size() > map.m_entries.size())
      map.m_entries.emplace_back(entry.first.Scalar(), entry.second);
  }
  return map;
}

// Accepts the key (appending it to key_nodes) or records why not.
void YamlReader::check_key(const YAML::Node& key, std::string_view what,
                           std::span<const std::string_view> keys, YamlMap& map,
                           std::vector<YAML::Node>& key_nodes) {
  if (!key.IsScalar()) return error(key, fmt::format("keys in {} must be plain words", what));
  const std::string& name = key.Scalar();
  if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
    return error(key, unknown_key_message(name, what, keys));
  }
  for (std::size_t i = 0; i < map.m_entries.size(); ++i) {
    if (map.m_entries[i].first == name) {
      return error(key, fmt::format("duplicate key '{}' in {}: first given at {}", name, what,
                                    location(key_nodes[i])));
    }
  }
  key_nodes.push_back(key);
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.Scalar();
  error(node, fmt::format("{} must be text, not {}", what, describe(node)));
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const auto& text = node.Scalar();
    if (text == "true" || text == "yes" || text == "on") return true;
    if (text == "false" || text == "no" || text == "off") return false;
  }
  error(node, fmt::format("{} must be true or false, not {}", what, describe(node)));
  return std::nullopt;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& node, std::string_view what,
                                                std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
    error(node, fmt::format("{} must be a whole number, not {}", what, describe(node)));
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, fmt::format("{} must be between {} and {}, not {}", what, min, max, value));
    return std::nullopt;
  }
  return value;
}

std::optional<double> YamlReader::number(const YAML::Node& node, std::string_view what,
                                         double min) {
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    error(node, fmt::format("{} must be a number, such as 1 or 0.5, not {}", what, describe(node)));
    return std::nullopt;
  }
  if (value < min) {
    error(node, fmt::format("{} must be {} or more, not {}", what, min, node.Scalar()));
    return std::nullopt;
  }
  return value;
}

// A text value read by `read`; its Error is recorded after "WHAT: ".
template <typename Parse>
auto YamlReader::parsed(const YAML::Node& node, std::string_view what, Parse read)
    -> std::optional<std::remove_cvref_t<decltype(read(std::string_view()).value())>> {
  auto text = string(node, what);
  if (!text) return std::nullopt;
  auto value = read(*text);
  if (value) return *value;
  error(node, fmt::format("{}: {}", what, value.error().message));
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> YamlReader::duration(const YAML::Node& node,
                                                              std::string_view what) {
  return parsed(node, what, parse_duration);
}

std::optional<std::uint64_t> YamlReader::size(const YAML::Node& node, std::string_view what) {
  return parsed(node, what, parse_size);
}

std::optional<std::vector<YamlText>> YamlReader::texts(const YAML::Node& node,
                                                       std::string_view what, SingleValue single) {
  if (single == SingleValue::allowed && node.IsScalar()) {
    return std::vector<YamlText>{{node.Scalar(), node}};
  }
  if (!node.IsSequence()) {
    error(node, fmt::format("{} must be a list, as in [a, b], not {}", what, describe(node)));
    return std::nullopt;
  }
  std::vector<YamlText> out;
  const std::string entry_what = fmt::format("each entry of {}", what);
  for (const auto& entry : node) {
    if (auto text = string(entry, entry_what)) out.push_back({std::move(*text), entry});
  }
  return out;
}

std::optional<std::vector<std::string>> YamlReader::strings(const YAML::Node& node,
                                                            std::string_view what,
                                                            SingleValue single) {
  auto entries = texts(node, what, single);
  if (!entries) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(entries->size());
  for (auto& entry : *entries) out.push_back(std::move(entry.text));
  return out;
}

std::filesystem::path YamlReader::resolve_path(std::string_view path) const {
  const std::filesystem::path candidate(path);
  if (candidate.is_absolute()) return candidate.lexically_normal();
  return (m_file.parent_path() / candidate).lexically_normal();
}

}  // namespace newsmon::util
