// Splitting a field's text into sentences for the extractor.

#include <algorithm>
#include <array>

#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::size_t k_max_field_bytes = 64 * 1024;
constexpr std::size_t k_max_sentence_words = 120;

constexpr std::array<std::string_view, 24> k_abbreviations{
    "mr", "mrs",  "ms",  "dr",  "gen", "lt",  "col",  "sgt", "st",  "no",  "vs",  "inc",
    "co", "corp", "ltd", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "rep", "sen"};

bool ends_sentence(std::string_view text, const util::Token& before, const util::Token& after) {
  const std::string_view gap = text.substr(before.end, after.start - before.end);
  if (gap.find_first_of(";:!?\n") != std::string_view::npos) return true;
  if (gap.find('.') == std::string_view::npos) return false;
  // "U.S.", "S. Korea", "Gen. Smith": a dot after an initial or an abbreviation.
  const std::string_view word = before.folded;
  if (word.size() == 1) return false;
  if (std::find(k_abbreviations.begin(), k_abbreviations.end(), word) != k_abbreviations.end()) {
    return false;
  }
  const char next = text[after.start];
  return !(next >= 'a' && next <= 'z');
}

}  // namespace

std::vector<std::vector<util::Token>> split_sentences(std::string_view text) {
  if (text.size() > k_max_field_bytes) text = text.substr(0, k_max_field_bytes);
  auto tokens = util::tokenize(text, util::JoinedForms::skip);
  std::vector<std::vector<util::Token>> sentences;
  std::vector<util::Token> sentence;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool last = i + 1 == tokens.size();
    const bool ends = last || sentence.size() + 1 >= k_max_sentence_words ||
                      ends_sentence(text, tokens[i], tokens[i + 1]);
    sentence.push_back(std::move(tokens[i]));
    if (ends) {
      sentences.push_back(std::move(sentence));
      sentence.clear();
    }
  }
  return sentences;
}

}  // namespace newsmon::rules::detail
