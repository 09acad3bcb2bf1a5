#include "daemon/rules/analysis.h"

#include <algorithm>

namespace newsmon::rules::detail {

Analysis::Analysis(const Program& program, const Story& story) {
  const std::array<std::string_view, 3> texts{story.title, story.summary, story.content};
  for (std::uint8_t f = 0; f < 3; ++f) {
    FieldTokens& field = fields[f];
    field.text = texts[f];
    field.tokens = util::tokenize(field.text);
    field.pattern_begin.reserve(field.tokens.size() + 1);
    std::uint32_t positions = 0;
    for (std::uint32_t i = 0; i < field.tokens.size(); ++i) {
      const util::Token& token = field.tokens[i];
      const auto begin = static_cast<std::uint32_t>(token_patterns.size());
      field.pattern_begin.push_back(begin);
      program.dictionary.lookup(token, field.written(token), token_patterns);
      for (auto k = begin; k < token_patterns.size(); ++k) {
        occurrences.push_back(PatternOccurrence{token_patterns[k], f, i});
      }
      positions = std::max(positions, token.last_position + 1);
    }
    field.pattern_begin.push_back(static_cast<std::uint32_t>(token_patterns.size()));
    const auto count = static_cast<std::uint32_t>(field.tokens.size());
    field.first_at.assign(positions + 1, count);
    for (std::uint32_t i = count; i-- > 0;) field.first_at[field.tokens[i].position] = i;
  }
  std::sort(occurrences.begin(), occurrences.end());
  present.assign((program.dictionary.size() + 63) / 64, 0);
  for (const PatternOccurrence& occurrence : occurrences) {
    present[occurrence.pattern >> 6] |= std::uint64_t{1} << (occurrence.pattern & 63);
  }
}

bool Analysis::token_matches(std::uint8_t field, std::uint32_t index, PatternId pattern) const {
  const FieldTokens& tokens = fields[field];
  const auto begin = token_patterns.begin() + tokens.pattern_begin[index];
  const auto end = token_patterns.begin() + tokens.pattern_begin[index + 1];
  return std::find(begin, end, pattern) != end;
}

}  // namespace newsmon::rules::detail
