// The extractor's phrase tables: longest phrases first, prefixes, case, hyphens, and
// tables that share one lexicon of words.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "daemon/rules/extract_phrases.h"

using namespace newsmon::rules::detail;
using newsmon::util::JoinedForms;
using newsmon::util::tokenize;

namespace {

// The phrases of the table in the text, as "value:first word".
std::vector<std::string> found(const PhraseTable& table, const std::string& text) {
  const auto tokens = tokenize(text, JoinedForms::skip);
  std::vector<std::string> out;
  for (const PhraseMatch& match : table.find(text, tokens)) {
    out.push_back(std::to_string(match.value) + ":" + tokens[match.begin].folded + "+" +
                  std::to_string(match.end - match.begin));
  }
  return out;
}

}  // namespace

TEST_CASE("A phrase table finds the longest phrase at each place, left to right",
          "[rules][extract]") {
  PhraseTable table;
  table.add("south korea", 1);
  table.add("south", 2);
  table.add("korea", 3);
  table.add("leopard 2*", 4);
  CHECK(found(table, "South Korea and Korea's south send Leopard 2A6 tanks") ==
        std::vector<std::string>{"1:south+2", "3:korea+1", "2:south+1", "4:leopard+2"});
  CHECK(found(table, "Leopard tanks").empty());
  CHECK(table.size() == 4);
}

TEST_CASE("A phrase table reads prefixes of every length, case and hyphenated forms",
          "[rules][extract]") {
  PhraseTable table;
  table.add("co-produc*", 1);
  table.add("TB2*", 2);
  table.add("P-8*", 3);
  table.add("cased:US", 4);
  CHECK(found(table, "They co-produce TB2s") == std::vector<std::string>{"1:co+2", "2:tb2s+1"});
  CHECK(found(table, "P8A and P-8A Poseidon jets") == std::vector<std::string>{"3:p8a+1", "3:p+2"});
  CHECK(found(table, "The US said us") == std::vector<std::string>{"4:us+1"});
  CHECK(found(table, "coproduction P") == std::vector<std::string>{"1:coproduction+1"});
  CHECK(found(table, "produce P9 tb").empty());
}

TEST_CASE("Tables sharing a lexicon read a sentence looked up once", "[rules][extract]") {
  const auto lexicon = std::make_shared<Lexicon>();
  PhraseTable names(lexicon);
  PhraseTable verbs(lexicon);
  names.add("patriot*", 1);
  names.add("germany", 2);
  verbs.add("sends", 3);
  verbs.add("hands over", 4);
  const std::string text = "Germany sends Patriots and hands over more";
  const auto tokens = tokenize(text, JoinedForms::skip);
  const auto views = newsmon::util::views_of(tokens);
  const LexiconWords words = look_up(*lexicon, views);
  REQUIRE(words.words.size() == tokens.size());
  CHECK(words.words[0] == lexicon->find("germany"));
  CHECK(words.words[3] == Lexicon::k_unknown);  // "and" is in no phrase
  CHECK(words.keys[2] == lexicon->find_key("patriots"));
  CHECK(words.keys[0] == Lexicon::k_unknown);  // no prefix starts with "ger"

  const auto named = names.find(text, views, words);
  REQUIRE(named.size() == 2);
  CHECK(named[0].value == 2);
  CHECK(named[1].value == 1);
  const auto said = verbs.find(text, views, words);
  REQUIRE(said.size() == 2);
  CHECK(said[0].value == 3);
  CHECK((said[1].value == 4 && said[1].begin == 4 && said[1].end == 6));
  // The same as each table finds on its own.
  CHECK(said.size() == verbs.find(text, tokens).size());
}
