#pragma once
// Strict reading of the YAML files users write (configuration, feed lists, rule files).
// Every unknown or repeated key, wrong type and bad value becomes a Diagnostic at its
// file, line and column, with the line and a caret; reading goes on past each one so
// that one run reports every mistake.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "daemon/util/diagnostic.h"
#include "daemon/util/enum_names.h"

namespace newsmon::util {

/// The entries of a mapping whose keys were checked: plain, known and each given once.
class YamlMap {
 public:
  using Entry = std::pair<std::string, YAML::Node>;

  /// The value of `key`, or nullptr when the mapping does not have it.
  const YAML::Node* find(std::string_view key) const;
  /// Calls read(value) when the mapping has `key`.
  template <typename Read>
  void with(std::string_view key, Read&& read) const {
    if (const auto* value = find(key)) read(*value);
  }
  /// The entries in file order.
  std::vector<Entry>::const_iterator begin() const { return m_entries.begin(); }
  std::vector<Entry>::const_iterator end() const { return m_entries.end(); }

 private:
  friend class YamlReader;
  std::vector<Entry> m_entries;
};

/// A text value and its node, so that a fault inside the text can be located.
struct YamlText {
  std::string text;
  YAML::Node node;
};

/// Whether a list may also be written as its single entry (`rules: /etc/rules`).
enum class SingleValue { refused, allowed };

/// One YAML file being read. Not thread-safe; cheap to create per file.
class YamlReader {
 public:
  /// `text` is the content of `file`. Diagnostics are appended to `diagnostics`, which
  /// must outlive the reader; readers of several files may share one, so that the
  /// diagnostics stay in the order they were found.
  YamlReader(std::filesystem::path file, std::string text, std::vector<Diagnostic>& diagnostics);
  YamlReader(const YamlReader&) = delete;
  YamlReader& operator=(const YamlReader&) = delete;

  const std::filesystem::path& file() const { return m_file; }
  const std::string& text() const { return m_text; }

  /// The document: a null node for an empty file; nullopt after a syntax error, which
  /// is recorded.
  std::optional<YAML::Node> parse();

  /// A diagnostic at the node's first character; for a node without a position (one
  /// that is absent), about the whole file.
  Diagnostic at(const YAML::Node& node, std::string message) const;
  /// A diagnostic at the `offset`-th byte of a scalar's value, following the scalar's
  /// quoting or block style back to the file's bytes.
  Diagnostic at_value(const YAML::Node& scalar, std::size_t offset, std::string message) const;
  /// "FILE:LINE:COL" of a node, for messages that point back to an earlier place.
  std::string location(const YAML::Node& node) const;

  /// Records an error at the node (see at()).
  void error(const YAML::Node& node, std::string message);
  /// Records an error at a byte of a scalar's value (see at_value()).
  void error_at_value(const YAML::Node& scalar, std::size_t offset, std::string message);
  /// Records a diagnostic made with at() or at_value(), perhaps changed first.
  void report(Diagnostic diagnostic) { m_diagnostics.push_back(std::move(diagnostic)); }
  /// Records an error about the whole file.
  void error_in_file(std::string message);
  /// How many errors all readers sharing this one's list have recorded.
  std::size_t error_count() const { return m_diagnostics.size(); }

  /// The entries of a mapping whose keys are among `keys`. An unknown key is an error
  /// with a "did you mean" when one is close; a repeated key is an error naming where
  /// it was first given, and only the first counts. nullopt when the node is not a
  /// mapping (recorded); `what` names it in messages ("http", "a webhook").
  std::optional<YamlMap> map(const YAML::Node& node, std::string_view what,
                             std::span<const std::string_view> keys);

  std::optional<std::string> string(const YAML::Node& node, std::string_view what);
  /// true/yes/on or false/no/off.
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  /// A whole number within [min, max].
  std::optional<std::int64_t> integer(const YAML::Node& node, std::string_view what,
                                      std::int64_t min, std::int64_t max);
  /// A number (fractions allowed) of at least `min`.
  std::optional<double> number(const YAML::Node& node, std::string_view what, double min);
  /// A duration as util::parse_duration reads it ("90s", "6h").
  std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, std::string_view what);
  /// A size as util::parse_size reads it ("8MiB").
  std::optional<std::uint64_t> size(const YAML::Node& node, std::string_view what);
  /// A list of text values, each with its node. A non-text entry is an error and left
  /// out; nullopt when the node is no list (nor, if allowed, a single text value).
  std::optional<std::vector<YamlText>> texts(const YAML::Node& node, std::string_view what,
                                             SingleValue single = SingleValue::refused);
  /// texts() without the nodes.
  std::optional<std::vector<std::string>> strings(const YAML::Node& node, std::string_view what,
                                                  SingleValue single = SingleValue::refused);

  /// One of the names of an enum table; the error names the kind and suggests a name.
  template <typename E, std::size_t N>
  std::optional<E> choice(const YAML::Node& node, std::string_view what,
                          const EnumNames<E, N>& names) {
    auto text = string(node, what);
    if (!text) return std::nullopt;
    auto value = names.parse(*text);
    if (value) return *value;
    error(node, value.error().message);
    return std::nullopt;
  }

  /// A path from the file resolved against the file's folder.
  std::filesystem::path resolve_path(std::string_view path) const;

 private:
  template <typename Parse>
  auto parsed(const YAML::Node& node, std::string_view what, Parse read)
      -> std::optional<std::remove_cvref_t<decltype(read(std::string_view()).value())>>;
  Diagnostic at_byte(std::size_t position, std::string message) const;
  void syntax_error(const YAML::Mark& mark, const std::string& message);
  std::size_t value_position(const YAML::Mark& mark, std::size_t offset) const;
  std::size_t block_position(std::size_t indicator, std::size_t offset) const;
  void check_key(const YAML::Node& key, std::string_view what,
                 std::span<const std::string_view> keys, YamlMap& map,
                 std::vector<YAML::Node>& key_nodes);

  std::filesystem::path m_file;
  std::string m_text;
  std::vector<std::size_t> m_line_starts;
  std::vector<Diagnostic>& m_diagnostics;
};

}  // namespace newsmon::util
