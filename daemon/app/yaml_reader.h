#pragma once
// Strict reading of YAML configuration nodes: every unknown key, wrong type and bad value
// becomes a Diagnostic with file, line and column, and reading goes on so that one run
// reports every mistake.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "daemon/util/diagnostic.h"

namespace newsmon::app {

class YamlReader {
 public:
  /// `text` is the file's content, used to show the offending line under each error.
  YamlReader(std::filesystem::path file, std::string text);

  const std::filesystem::path& file() const { return m_file; }
  std::vector<util::Diagnostic>& diagnostics() { return m_diagnostics; }

  /// Records an error located at the node.
  void error(const YAML::Node& node, std::string message);
  /// Records an error at a 1-based line and column.
  void error_at(int line, int column, std::string message);

  /// True when the node is a mapping whose keys are all among `allowed`; records an
  /// error for each unknown key (naming the allowed ones) or a wrong node type.
  bool expect_map(const YAML::Node& node, std::string_view what,
                  std::initializer_list<std::string_view> allowed);

  std::optional<std::string> string(const YAML::Node& node, std::string_view what);
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  std::optional<std::int64_t> integer(const YAML::Node& node, std::string_view what,
                                      std::int64_t min, std::int64_t max);
  std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, std::string_view what);
  std::optional<std::uint64_t> size(const YAML::Node& node, std::string_view what);
  /// A string or a sequence of strings.
  std::optional<std::vector<std::string>> string_list(const YAML::Node& node,
                                                      std::string_view what);

  /// A path resolved against the folder of the file being read.
  std::filesystem::path resolve_path(const std::string& path) const;

 private:
  std::filesystem::path m_file;
  std::vector<std::string> m_lines;
  std::vector<util::Diagnostic> m_diagnostics;
};

/// Parses YAML text; on a syntax error records it and returns nullopt.
std::optional<YAML::Node> parse_yaml(YamlReader& reader, const std::string& text);

}  // namespace newsmon::app
