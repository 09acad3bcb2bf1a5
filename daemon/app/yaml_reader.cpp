#include "daemon/app/yaml_reader.h"

#include <fmt/format.h>

#include "daemon/util/duration.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

std::string describe_type(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return fmt::format("'{}'", node.Scalar());
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

std::string quoted_list(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

YamlReader::YamlReader(std::filesystem::path file, std::string text) : m_file(std::move(file)) {
  for (const auto line : util::split(text, '\n')) {
    m_lines.emplace_back(line.empty() || line.back() != '\r' ? line
                                                             : line.substr(0, line.size() - 1));
  }
}

void YamlReader::error(const YAML::Node& node, std::string message) {
  const auto mark = node.Mark();
  error_at(mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0,
           std::move(message));
}

void YamlReader::error_at(int line, int column, std::string message) {
  util::Diagnostic diagnostic{m_file, line, column, std::move(message), {}};
  if (line > 0 && static_cast<std::size_t>(line) <= m_lines.size()) {
    diagnostic.source_line = m_lines[static_cast<std::size_t>(line - 1)];
  }
  m_diagnostics.push_back(std::move(diagnostic));
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view what,
                            std::initializer_list<std::string_view> allowed) {
  if (!node.IsMap()) {
    error(node,
          fmt::format("{} must be a mapping of keys to values, not {}", what, describe_type(node)));
    return false;
  }
  bool all_known = true;
  for (const auto& entry : node) {
    const auto key = entry.first.Scalar();
    bool known = false;
    for (const auto name : allowed) known = known || key == name;
    if (!known) {
      error(entry.first, fmt::format("unknown key '{}' in {}; the keys are: {}", key, what,
                                     quoted_list(allowed)));
      all_known = false;
    }
  }
  return all_known;
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    error(node, fmt::format("{} must be a text value, not {}", what, describe_type(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    const auto& text = node.Scalar();
    if (text == "true" || text == "yes" || text == "on") return true;
    if (text == "false" || text == "no" || text == "off") return false;
  }
  error(node, fmt::format("{} must be true or false, not {}", what, describe_type(node)));
  return std::nullopt;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& node, std::string_view what,
                                                std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
    error(node, fmt::format("{} must be a whole number, not {}", what, describe_type(node)));
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, fmt::format("{} must be between {} and {}, not {}", what, min, max, value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::milliseconds> YamlReader::duration(const YAML::Node& node,
                                                              std::string_view what) {
  auto text = string(node, what);
  if (!text) return std::nullopt;
  auto parsed = util::parse_duration(*text);
  if (!parsed) {
    error(node, fmt::format("{}: {}", what, parsed.error().message));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::uint64_t> YamlReader::size(const YAML::Node& node, std::string_view what) {
  auto text = string(node, what);
  if (!text) return std::nullopt;
  auto parsed = util::parse_size(*text);
  if (!parsed) {
    error(node, fmt::format("{}: {}", what, parsed.error().message));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::vector<std::string>> YamlReader::string_list(const YAML::Node& node,
                                                                std::string_view what) {
  if (node.IsScalar()) return std::vector<std::string>{node.Scalar()};
  if (!node.IsSequence()) {
    error(node, fmt::format("{} must be a list of text values, not {}", what, describe_type(node)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& element : node) {
    auto text = string(element, what);
    if (text) {
      out.push_back(std::move(*text));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::filesystem::path YamlReader::resolve_path(const std::string& path) const {
  std::filesystem::path candidate(path);
  if (candidate.is_absolute()) return candidate.lexically_normal();
  return (m_file.parent_path() / candidate).lexically_normal();
}

std::optional<YAML::Node> parse_yaml(YamlReader& reader, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& error) {
    reader.error_at(error.mark.line + 1, error.mark.column + 1, "YAML syntax: " + error.msg);
  }
  return std::nullopt;
}

}  // namespace newsmon::app
