#include <catch2/catch.hpp>

#include "daemon/util/tokenize.h"

using namespace newsmon::util;

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
