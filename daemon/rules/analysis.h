#pragma once
// Internal to daemon/rules: a story as the matcher sees it. Each field is tokenized
// once and every token looked up once in the rule set's dictionary; the result lists
// which patterns occurred where, sorted by pattern so terms find their places quickly.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "daemon/rules/program.h"

namespace newsmon::rules::detail {

struct FieldTokens {
  std::string_view text;
  std::vector<util::Token> tokens;
  std::vector<std::uint32_t> pattern_begin;  ///< per token, into Analysis::token_patterns; +1 end
  std::vector<std::uint32_t> first_at;       ///< per position: first token there; +1 sentinel

  std::string_view written(const util::Token& token) const {
    return text.substr(token.start, token.end - token.start);
  }
};

struct PatternOccurrence {
  PatternId pattern = 0;
  std::uint8_t field = 0;
  std::uint32_t token = 0;
  auto operator<=>(const PatternOccurrence&) const = default;
};

struct Analysis {
  Analysis(const Program& program, const Story& story);

  std::array<FieldTokens, 3> fields;
  std::vector<PatternId> token_patterns;
  std::vector<PatternOccurrence> occurrences;  ///< sorted
  std::vector<std::uint64_t> present;          ///< one bit per pattern of the dictionary

  /// Whether the pattern occurs anywhere in the story: one bit test, so the many list
  /// entries a story does not mention cost next to nothing.
  bool occurs(PatternId pattern) const { return (present[pattern >> 6] >> (pattern & 63)) & 1u; }

  /// Whether token `index` of `field` matched the pattern.
  bool token_matches(std::uint8_t field, std::uint32_t index, PatternId pattern) const;
};

}  // namespace newsmon::rules::detail
