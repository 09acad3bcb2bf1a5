// Splitting a field's text into sentences for the extractor.

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>

#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::size_t k_max_field_bytes = 64 * 1024;
constexpr std::size_t k_max_sentence_words = 120;

constexpr std::array<std::string_view, 24> k_abbreviations{
    "mr", "mrs",  "ms",  "dr",  "gen", "lt",  "col",  "sgt", "st",  "no",  "vs",  "inc",
    "co", "corp", "ltd", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "rep", "sen"};

bool ends_sentence(std::string_view text, const util::TokenView& before,
                   const util::TokenView& after) {
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
                         const std::vector<util::TokenView>& tokens,
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

// The tokens of a TokenBuffer as util::tokenize(JoinedForms::skip) gives them, as views
// of the buffer's folded text, into `tokens` (whose memory is reused).
void plain_tokens(std::string_view text, const util::TokenBuffer& buffer,
                  std::vector<util::TokenView>& tokens) {
  tokens.clear();
  for (const util::TokenSpan& token : buffer.tokens) {
    if (token.joined()) continue;
    if (token.end > text.size()) break;
    tokens.push_back(util::TokenView{buffer.folded_of(token), token.start, token.end,
                                     token.position, token.last_position});
  }
}

std::string_view bounded(std::string_view text) {
  return text.size() > k_max_field_bytes ? text.substr(0, k_max_field_bytes) : text;
}

}  // namespace

std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text) {
  text = bounded(text);
  auto buffer = std::make_shared<util::TokenBuffer>();
  util::tokenize_into(text, *buffer, util::JoinedForms::skip);
  std::vector<SentenceWords> sentences = split_sentences(vocabulary, text, *buffer);
  for (SentenceWords& sentence : sentences) sentence.owner = buffer;
  return sentences;
}

std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text,
                                           const util::TokenBuffer& buffer) {
  text = bounded(text);
  std::vector<util::TokenView> tokens;
  plain_tokens(text, buffer, tokens);
  std::vector<SentenceWords> sentences;
  sentences.resize(split_tokens(vocabulary, text, tokens, sentences));
  return sentences;
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
    const util::TokenBuffer* buffer = tokens[f];
    if (!buffer) {
      auto& own = out.m_own_tokens[f];
      if (!own) own = std::make_unique<util::TokenBuffer>();
      util::tokenize_into(text, *own, util::JoinedForms::skip);
      buffer = own.get();
    }
    plain_tokens(text, *buffer, out.m_tokens);
    out.m_counts[f] = split_tokens(vocabulary, text, out.m_tokens, out.m_fields[f]);
  }
}

}  // namespace newsmon::rules::detail
