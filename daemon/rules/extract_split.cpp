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

// The sentences of the tokens of `text`, each looked up in the vocabulary, into the
// first elements of `sentences` (whose buffers are reused); returns how many.
std::size_t split_tokens(const Vocabulary& vocabulary, std::string_view text,
                         const std::vector<util::Token>& tokens,
                         std::vector<SentenceWords>& sentences) {
  std::size_t count = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool last = i + 1 == tokens.size();
    const bool ends = last || i + 1 - begin >= k_max_sentence_words ||
                      ends_sentence(text, tokens[i], tokens[i + 1]);
    if (!ends) continue;
    if (count == sentences.size()) sentences.emplace_back();
    SentenceWords& sentence = sentences[count++];
    sentence.tokens.resize(i + 1 - begin);
    std::copy(tokens.begin() + static_cast<std::ptrdiff_t>(begin),
              tokens.begin() + static_cast<std::ptrdiff_t>(i + 1), sentence.tokens.begin());
    vocabulary.look_up(sentence.tokens, sentence.ids, sentence.classes);
    sentence.phrases.found = false;
    begin = i + 1;
  }
  return count;
}

// The tokens of a TokenBuffer as util::tokenize(JoinedForms::skip) gives them, into
// `tokens` (whose strings are reused).
void plain_tokens(std::string_view text, const util::TokenBuffer& buffer,
                  std::vector<util::Token>& tokens) {
  std::size_t count = 0;
  for (const util::TokenSpan& token : buffer.tokens) {
    if (token.joined()) continue;
    if (token.end > text.size()) break;
    if (count == tokens.size()) tokens.emplace_back();
    util::Token& out = tokens[count++];
    out.folded.assign(buffer.folded_of(token));
    out.start = token.start;
    out.end = token.end;
    out.position = token.position;
    out.last_position = token.last_position;
  }
  tokens.resize(count);
}

std::vector<SentenceWords> sentences_of(const Vocabulary& vocabulary, std::string_view text,
                                        const std::vector<util::Token>& tokens) {
  std::vector<SentenceWords> sentences;
  sentences.resize(split_tokens(vocabulary, text, tokens, sentences));
  return sentences;
}

std::string_view bounded(std::string_view text) {
  return text.size() > k_max_field_bytes ? text.substr(0, k_max_field_bytes) : text;
}

}  // namespace

std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text) {
  text = bounded(text);
  return sentences_of(vocabulary, text, util::tokenize(text, util::JoinedForms::skip));
}

std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text,
                                           const util::TokenBuffer& buffer) {
  text = bounded(text);
  std::vector<util::Token> tokens;
  plain_tokens(text, buffer, tokens);
  return sentences_of(vocabulary, text, tokens);
}

StorySentences split_story(const Vocabulary& vocabulary, const Story& story,
                           const std::array<const util::TokenBuffer*, 3>& tokens) {
  StorySentences out;
  split_story_into(vocabulary, story, tokens, out);
  return out;
}

void split_story_into(const Vocabulary& vocabulary, const Story& story,
                      const std::array<const util::TokenBuffer*, 3>& tokens, StorySentences& out) {
  out.texts = {story.title, story.summary, story.content};
  for (std::size_t f = 0; f < out.texts.size(); ++f) {
    const std::string_view text = bounded(out.texts[f]);
    if (tokens[f]) {
      plain_tokens(text, *tokens[f], out.m_tokens);
    } else {
      out.m_tokens = util::tokenize(text, util::JoinedForms::skip);
    }
    out.m_counts[f] = split_tokens(vocabulary, text, out.m_tokens, out.m_fields[f]);
  }
}

}  // namespace newsmon::rules::detail
