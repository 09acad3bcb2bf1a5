// Splitting a field into sentences for the extractor, from its text or from the tokens
// the matcher made of it.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/rules/extract_sentence.h"
#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::detail;

namespace {

std::vector<std::vector<std::string>> words_of(const std::vector<SentenceWords>& sentences) {
  std::vector<std::vector<std::string>> out;
  for (const auto& sentence : sentences) {
    auto& words = out.emplace_back();
    for (const auto& token : sentence.tokens) words.emplace_back(token.folded);
  }
  return out;
}

// An empty vocabulary: its lexicon knows no word.
std::shared_ptr<const Vocabulary> empty_vocabulary() {
  std::vector<newsmon::util::Diagnostic> errors;
  return Vocabulary::build({}, errors);
}

}  // namespace

TEST_CASE("A field splits into sentences at stops, not after initials and abbreviations",
          "[rules][extract]") {
  const auto vocabulary = empty_vocabulary();
  const std::string text =
      "The U.S. sends F-16s to Kyiv. Gen. Smith said so; S. Korea waits! next words";
  const auto sentences = split_sentences(*vocabulary, text);
  CHECK(words_of(sentences) ==
        std::vector<std::vector<std::string>>{{"the", "u", "s", "sends", "f", "16s", "to", "kyiv"},
                                              {"gen", "smith", "said", "so"},
                                              {"s", "korea", "waits"},
                                              {"next", "words"}});
  REQUIRE(sentences[0].ids.words.size() == 8);
  CHECK(sentences[0].ids.words[0] == Lexicon::k_unknown);
}

TEST_CASE("Sentences read from the matcher's tokens are those read from the text",
          "[rules][extract]") {
  const auto vocabulary = empty_vocabulary();
  for (const std::string text :
       {"Germany sends IRIS-T SLM systems to Ukraine. The F-16s arrive; Korea's K-9s too", "",
        "no stop at all", "Mi-8 and Su-25 \xff bad bytes. Next"}) {
    INFO(text);
    newsmon::util::TokenBuffer emitted;
    newsmon::util::tokenize_into(text, emitted, newsmon::util::JoinedForms::emit);
    const auto from_tokens = split_sentences(*vocabulary, text, emitted);
    const auto from_text = split_sentences(*vocabulary, text);
    CHECK(words_of(from_tokens) == words_of(from_text));
    REQUIRE(from_tokens.size() == from_text.size());
    for (std::size_t s = 0; s < from_text.size(); ++s) {
      for (std::size_t w = 0; w < from_text[s].tokens.size(); ++w) {
        CHECK(from_tokens[s].tokens[w].start == from_text[s].tokens[w].start);
        CHECK(from_tokens[s].tokens[w].end == from_text[s].tokens[w].end);
      }
    }
  }
}

TEST_CASE("A long sentence is cut and a long field read up to a bound", "[rules][extract]") {
  const auto vocabulary = empty_vocabulary();
  std::string words;
  for (int i = 0; i < 300; ++i) words += "word ";
  const auto sentences = split_sentences(*vocabulary, words);
  REQUIRE(sentences.size() == 3);
  CHECK(sentences[0].tokens.size() == 120);
  CHECK(sentences[2].tokens.size() == 60);
  std::string field;
  while (field.size() < 200 * 1024) field += "Tanks. ";
  CHECK(split_sentences(*vocabulary, field).size() < 10000);
}
