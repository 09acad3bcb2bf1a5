#pragma once
// One table per enum that users, logs, JSON or the store see by name: the name of each
// value, the value of each name, and the message for a name that is not in the table.
//
//   inline constexpr auto k_severity_names = util::enum_names<Severity>(
//       "severity", {{Severity::info, "info"}, {Severity::low, "low"}, ...});
//   k_severity_names.name_of(Severity::low)  // "low"
//   k_severity_names.parse("hihg")           // Error "unknown severity 'hihg': did you mean
//   'high'?"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

namespace newsmon::util {

template <typename E>
struct EnumName {
  E value;
  const char* name;  ///< a string literal
};

/// "unknown KIND 'TEXT': did you mean 'X'?" when a name is close, else "...: use A, B or C".
std::string unknown_name_message(std::string_view kind, std::string_view text,
                                 const std::vector<std::string_view>& names);
/// "a", "a or b", "a, b or c".
std::string alternatives(const std::vector<std::string_view>& names);

/// The names of one enum's values. A value's first entry is its name; later entries for
/// the same value are aliases, read but never written or listed.
template <typename E, std::size_t N>
class EnumNames {
 public:
  constexpr EnumNames(const char* kind, const std::array<EnumName<E>, N>& entries)
      : m_kind(kind), m_entries(entries) {}

  /// What the names name, for messages ("severity", "webhook format").
  constexpr const char* kind() const { return m_kind; }

  /// The value's name; "" for a value the table leaves out (such as an "unknown").
  constexpr const char* name_of(E value) const {
    for (const auto& entry : m_entries) {
      if (entry.value == value) return entry.name;
    }
    return "";
  }

  /// The value a name or alias stands for; nullopt for any other text (case matters).
  constexpr std::optional<E> find(std::string_view text) const {
    for (const auto& entry : m_entries) {
      if (text == entry.name) return entry.value;
    }
    return std::nullopt;
  }

  /// find(), or an Error that suggests the closest name or lists them all.
  Result<E> parse(std::string_view text) const {
    if (auto value = find(text)) return *value;
    return Error{unknown_name_message(m_kind, text, names())};
  }

  /// The names, aliases left out, in table order.
  std::vector<std::string_view> names() const {
    std::vector<std::string_view> out;
    for (const auto& entry : m_entries) {
      if (std::string_view(name_of(entry.value)) == entry.name) out.emplace_back(entry.name);
    }
    return out;
  }

 private:
  const char* m_kind;
  std::array<EnumName<E>, N> m_entries;
};

/// Builds a table: enum_names<Format>("webhook format", {{Format::json, "json"}, ...}).
template <typename E, std::size_t N>
constexpr EnumNames<E, N> enum_names(const char* kind, const EnumName<E> (&entries)[N]) {
  std::array<EnumName<E>, N> table{};
  for (std::size_t i = 0; i < N; ++i) table[i] = entries[i];
  return EnumNames<E, N>(kind, table);
}

}  // namespace newsmon::util
