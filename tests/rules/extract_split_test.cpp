// Splitting a field into sentences for the extractor: a dot after an initial or a common
// abbreviation ends none, and a very long field or sentence is read up to a bound.

#include <catch2/catch.hpp>

#include "daemon/rules/extract_sentence.h"

using namespace newsmon;
using rules::detail::split_sentences;

namespace {

std::vector<std::string> first_words(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& sentence : split_sentences(text)) out.push_back(sentence.front().folded);
  return out;
}

}  // namespace

TEST_CASE("Sentences end at stops before a capital, and at ; : ! ? and new lines",
          "[rules][extract_split]") {
  CHECK(first_words("Germany sends tanks. Poland waits") ==
        std::vector<std::string>{"germany", "poland"});
  CHECK(first_words("Kyiv asks; Berlin refuses! Paris? London:\nRome") ==
        std::vector<std::string>{"kyiv", "berlin", "paris", "london", "rome"});
  CHECK(first_words("The deal is done. and more") == std::vector<std::string>{"the"});
  CHECK(split_sentences("").empty());
}

TEST_CASE("Initials and abbreviations do not end a sentence", "[rules][extract_split]") {
  CHECK(first_words("The U.S. sends tanks to S. Korea") == std::vector<std::string>{"the"});
  CHECK(first_words("Gen. Smith met Dr. Jones in Kyiv. This is new") ==
        std::vector<std::string>{"gen", "this"});
}

TEST_CASE("A long sentence is cut and a long field read up to a bound", "[rules][extract_split]") {
  std::string words;
  for (int i = 0; i < 300; ++i) words += "word ";
  const auto sentences = split_sentences(words);
  REQUIRE(sentences.size() == 3);
  CHECK(sentences[0].size() == 120);
  std::string field;
  while (field.size() < 200 * 1024) field += "Tanks. ";
  CHECK(split_sentences(field).size() < 10000);
}
