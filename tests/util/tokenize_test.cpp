#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/util/tokenize.h"

using namespace newsmon::util;

namespace {

std::vector<std::string> folded(std::string_view text, JoinedForms joined = JoinedForms::skip) {
  std::vector<std::string> out;
  for (const Token& token : tokenize(text, joined)) out.push_back(token.folded);
  return out;
}

using Words = std::vector<std::string>;

}  // namespace

TEST_CASE("Tokens are whole words with byte offsets into the original text", "[util][tokenize]") {
  const std::string text = "Senator Türkiye's donation";
  const auto tokens = tokenize(text);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].folded == "senator");
  CHECK(tokens[1].folded == "turkiye");
  CHECK(text.substr(tokens[1].start, tokens[1].end - tokens[1].start) == "Türkiye");
  CHECK(tokens[2].folded == "donation");
  CHECK(tokens[2].position == 2);
}

TEST_CASE("Possessives end the word and inner apostrophes stay in it", "[util][tokenize]") {
  CHECK(folded("Korea's army") == Words{"korea", "army"});
  CHECK(folded("Korea’s army") == Words{"korea", "army"});
  CHECK(folded("O'Brien didn't") == Words{"obrien", "didnt"});
  CHECK(folded("the allies' tanks") == Words{"the", "allies", "tanks"});
}

TEST_CASE("Hyphenated words give their parts and a joined form", "[util][tokenize]") {
  CHECK(folded("F-16 jets") == Words{"f", "16", "jets"});
  const auto tokens = tokenize("an F-16 jet");
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[1].folded == "f16");
  CHECK(tokens[1].position == 1);
  CHECK(tokens[1].last_position == 2);
  CHECK(tokens[1].start == 3);
  CHECK(tokens[1].end == 7);
  CHECK(tokens[2].folded == "f");
  CHECK(tokens[3].folded == "16");
  CHECK(tokens[4].folded == "jet");
  CHECK(tokens[4].position == 3);
  CHECK(folded("K-9 unit", JoinedForms::emit) == Words{"k9", "k", "9", "unit"});
  CHECK(folded("2022 - 2023") == Words{"2022", "2023"});
  CHECK(folded("F--16") == Words{"f", "16"});
}

TEST_CASE("Numbers keep their separators and punctuation splits words", "[util][tokenize]") {
  CHECK(folded("1,000 troops, 2.5 billion.") == Words{"1,000", "troops", "2.5", "billion"});
  CHECK(folded("U.S./NATO (Kyiv)") == Words{"u", "s", "nato", "kyiv"});
  CHECK(folded("ＮＡＴＯ summit") == Words{"nato", "summit"});
}

TEST_CASE("Han and kana characters are tokens of their own", "[util][tokenize]") {
  CHECK(folded("北约峰会") == Words{"北", "约", "峰", "会"});
  CHECK(folded("NATO北约") == Words{"nato", "北", "约"});
}

TEST_CASE("Ill-formed bytes separate tokens and never stop tokenizing", "[util][tokenize]") {
  CHECK(folded("tank\xFFtanks") == Words{"tank", "tanks"});
  CHECK(folded("") == Words{});
  CHECK(folded("  ...  ") == Words{});
}

TEST_CASE("A reused token buffer holds the tokens tokenize() gives for the last text",
          "[util][tokenize]") {
  TokenBuffer buffer;
  tokenize_into("A much longer first text, with F-16s and Korea's O'Brien", buffer);
  for (const std::string text :
       {"US sends F-16 jets", "Türkiye’s ＮＡＴＯ bid, 1,000 troops", "", "北京 talks"}) {
    tokenize_into(text, buffer);
    const auto expected = tokenize(text);
    REQUIRE(buffer.tokens.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(text << " token " << i);
      CHECK(buffer.folded_of(buffer.tokens[i]) == expected[i].folded);
      CHECK(buffer.tokens[i].start == expected[i].start);
      CHECK(buffer.tokens[i].end == expected[i].end);
      CHECK(buffer.tokens[i].position == expected[i].position);
      CHECK(buffer.tokens[i].last_position == expected[i].last_position);
    }
  }
}

TEST_CASE("A hyphenated word's joined form comes before its parts and spans them",
          "[util][tokenize]") {
  TokenBuffer buffer;
  tokenize_into("new F-16-C jets", buffer);
  std::vector<std::string> folded;
  for (const auto& token : buffer.tokens) folded.emplace_back(buffer.folded_of(token));
  CHECK(folded == std::vector<std::string>{"new", "f16c", "f", "16", "c", "jets"});
  CHECK(buffer.tokens[1].start == 4);
  CHECK(buffer.tokens[1].end == 10);
  CHECK(buffer.tokens[1].position == 1);
  CHECK(buffer.tokens[1].last_position == 3);
  CHECK(buffer.tokens[5].position == 4);
}
