#pragma once
// Internal to daemon/rules: a rule file's text and the mapping from YAML positions (and
// offsets inside a scalar) to the file:line:col diagnostics users see.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "daemon/util/diagnostic.h"

namespace newsmon::rules::detail {

class SourceFile {
 public:
  SourceFile(std::filesystem::path path, std::string text);

  const std::filesystem::path& path() const { return m_path; }
  const std::string& text() const { return m_text; }

  /// A diagnostic at a byte position of the file, with its line and a caret.
  util::Diagnostic at_byte(std::size_t position, std::string message) const;
  /// A diagnostic at a YAML node (its first character).
  util::Diagnostic at(const YAML::Mark& mark, std::string message) const;
  /// A diagnostic at the `offset`-th byte of a scalar's value, following the scalar's
  /// quoting or block style back to the file's bytes.
  util::Diagnostic at_value(const YAML::Node& scalar, std::size_t offset,
                            std::string message) const;

 private:
  std::size_t value_position(const YAML::Mark& mark, std::size_t offset) const;
  std::size_t block_position(std::size_t indicator, std::size_t offset) const;

  std::filesystem::path m_path;
  std::string m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace newsmon::rules::detail
