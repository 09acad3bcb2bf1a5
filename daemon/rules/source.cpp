#include "daemon/rules/source.h"

#include <algorithm>

namespace newsmon::rules::detail {

SourceFile::SourceFile(std::filesystem::path path, std::string text)
    : m_path(std::move(path)), m_text(std::move(text)) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < m_text.size(); ++i) {
    if (m_text[i] == '\n') m_line_starts.push_back(i + 1);
  }
}

util::Diagnostic SourceFile::at_byte(std::size_t position, std::string message) const {
  position = std::min(position, m_text.size());
  const auto line = static_cast<std::size_t>(
      std::upper_bound(m_line_starts.begin(), m_line_starts.end(), position) -
      m_line_starts.begin() - 1);
  const std::size_t start = m_line_starts[line];
  std::size_t end = m_text.find('\n', start);
  if (end == std::string::npos) end = m_text.size();
  util::Diagnostic diagnostic;
  diagnostic.file = m_path;
  diagnostic.line = static_cast<int>(line + 1);
  diagnostic.column = static_cast<int>(position - start + 1);
  diagnostic.message = std::move(message);
  diagnostic.source_line = m_text.substr(start, end - start);
  if (!diagnostic.source_line.empty() && diagnostic.source_line.back() == '\r') {
    diagnostic.source_line.pop_back();
  }
  return diagnostic;
}

util::Diagnostic SourceFile::at(const YAML::Mark& mark, std::string message) const {
  if (mark.is_null() || mark.pos < 0) {
    util::Diagnostic diagnostic;
    diagnostic.file = m_path;
    diagnostic.message = std::move(message);
    return diagnostic;
  }
  return at_byte(static_cast<std::size_t>(mark.pos), std::move(message));
}

util::Diagnostic SourceFile::at_value(const YAML::Node& scalar, std::size_t offset,
                                      std::string message) const {
  const YAML::Mark mark = scalar.Mark();
  if (mark.is_null() || mark.pos < 0) return at(mark, std::move(message));
  return at_byte(value_position(mark, offset), std::move(message));
}

std::size_t SourceFile::value_position(const YAML::Mark& mark, std::size_t offset) const {
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

std::size_t SourceFile::block_position(std::size_t indicator, std::size_t offset) const {
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

}  // namespace newsmon::rules::detail
