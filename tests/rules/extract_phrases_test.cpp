// The extractor's phrase table: phrases as rule lists write them (words, a '*' prefix,
// "cased:", hyphenated forms) found in the words of a sentence.

#include <catch2/catch.hpp>

#include "daemon/rules/extract_phrases.h"
#include "daemon/util/tokenize.h"

using namespace newsmon;
using rules::detail::PhraseMatch;
using rules::detail::PhraseTable;

namespace {

// Each match as "value:first word-last word" (word positions, end exclusive).
std::vector<std::string> found(const PhraseTable& table, const std::string& text) {
  const auto tokens = util::tokenize(text, util::JoinedForms::skip);
  std::vector<std::string> out;
  for (const PhraseMatch& match : table.find(text, tokens)) {
    out.push_back(std::to_string(match.value) + ":" + std::to_string(match.begin) + "-" +
                  std::to_string(match.end));
  }
  return out;
}

}  // namespace

TEST_CASE("The longest phrase at each place is found, left to right", "[rules][extract_phrases]") {
  PhraseTable table;
  table.add("south korea", 1);
  table.add("korea", 2);
  table.add("leopard 2*", 3);
  table.add("", 9);
  CHECK(table.size() == 3);
  CHECK(found(table, "South Korea buys Leopard 2A6 tanks") ==
        std::vector<std::string>{"1:0-2", "3:3-5"});
  CHECK(found(table, "North Korea, not Leopard 1") == std::vector<std::string>{"2:1-2"});
  CHECK(found(table, "nothing here").empty());
}

TEST_CASE("Cased phrases need the case as written; hyphenated ones also match joined",
          "[rules][extract_phrases]") {
  PhraseTable table;
  table.add("cased:US", 1);
  table.add("F-16", 2);
  CHECK(found(table, "US jets") == std::vector<std::string>{"1:0-1"});
  CHECK(found(table, "let us go").empty());
  CHECK(found(table, "Dutch F-16 jets") == std::vector<std::string>{"2:1-3"});
  CHECK(found(table, "Dutch F16 jets") == std::vector<std::string>{"2:1-2"});
}
