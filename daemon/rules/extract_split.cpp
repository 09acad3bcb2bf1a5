// Splitting a field's text into sentences for the extractor.

#include <algorithm>
#include <array>
#include <iterator>

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

// The sentences of the tokens of `text`, each looked up in the vocabulary.
std::vector<SentenceWords> split_tokens(const Vocabulary& vocabulary, std::string_view text,
                                        std::vector<util::Token> tokens) {
  std::vector<SentenceWords> sentences;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool last = i + 1 == tokens.size();
    const bool ends = last || i + 1 - begin >= k_max_sentence_words ||
                      ends_sentence(text, tokens[i], tokens[i + 1]);
    if (!ends) continue;
    const auto from = tokens.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto to = tokens.begin() + static_cast<std::ptrdiff_t>(i + 1);
    SentenceWords& sentence = sentences.emplace_back();
    sentence.tokens.assign(std::make_move_iterator(from), std::make_move_iterator(to));
    sentence.ids = look_up(vocabulary.lexicon(), sentence.tokens);
    begin = i + 1;
  }
  return sentences;
}

}  // namespace

std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text) {
  if (text.size() > k_max_field_bytes) text = text.substr(0, k_max_field_bytes);
  return split_tokens(vocabulary, text, util::tokenize(text, util::JoinedForms::skip));
}

std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text,
                                           const util::TokenBuffer& buffer) {
  if (text.size() > k_max_field_bytes) text = text.substr(0, k_max_field_bytes);
  std::vector<util::Token> tokens;
  tokens.reserve(buffer.tokens.size());
  for (const util::TokenSpan& token : buffer.tokens) {
    if (token.joined()) continue;
    if (token.end > text.size()) break;
    tokens.push_back(util::Token{std::string(buffer.folded_of(token)), token.start, token.end,
                                 token.position, token.last_position});
  }
  return split_tokens(vocabulary, text, std::move(tokens));
}

StorySentences split_story(const Vocabulary& vocabulary, const Story& story,
                           const std::array<const util::TokenBuffer*, 3>& tokens) {
  StorySentences out;
  out.texts = {story.title, story.summary, story.content};
  for (std::size_t f = 0; f < out.texts.size(); ++f) {
    out.fields[f] = tokens[f] ? split_sentences(vocabulary, out.texts[f], *tokens[f])
                              : split_sentences(vocabulary, out.texts[f]);
  }
  return out;
}

}  // namespace newsmon::rules::detail
