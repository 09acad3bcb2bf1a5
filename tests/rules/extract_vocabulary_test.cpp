// The extractor's vocabulary, read from the rule set's lists: names of lists it does not
// know are errors, and a rule that extracts events needs its lists.

#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;
using Catch::Matchers::Contains;

TEST_CASE("Vocabulary lists with names the extractor does not know are errors", "[rules][event]") {
  const auto errors = errors_of(
      "lists:\n  state_a: [A]\n  verbs_suply_pledged: [send]\n  verbs_supply_pledgd: [give]\n"
      "  cues_refusd: [not]\n  words_filers: [the]\n  acts_sumit: [summit]\n"
      "  systems_b: [B-1]\n");
  const std::string all = Catch::Detail::stringify(errors);
  INFO(all);
  CHECK(errors.size() == 6);
  CHECK_THAT(all, Contains("list 'verbs_suply_pledged': 'suply' is not a role of transfer words: "
                           "did you mean 'supply'?"));
  CHECK_THAT(all, Contains("'pledgd' is not a status: did you mean 'pledged'?"));
  CHECK_THAT(all, Contains("'refusd' is not a status cue words can give: did you mean 'refused'?"));
  CHECK_THAT(all, Contains("'filers' is not a word class of the extractor: did you mean "
                           "'fillers'?"));
  CHECK_THAT(all, Contains("'sumit' is not an alliance act: did you mean 'summit'?"));
  CHECK_THAT(all, Contains("list 'systems_b': no list state_b for the state that makes these"));
}

TEST_CASE("A rule that extracts events needs the extractor's lists", "[rules][event]") {
  const auto errors =
      errors_of("rules:\n  - id: r\n    query: tanks\n    extract: alliance_diplomacy\n");
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Contains("test.yaml:4:14: error: rule 'r': extract: alliance_diplomacy "
                                 "reads the extractor's vocabulary from the rule set's lists "
                                 "(state_*, acts_*), and they are not loaded"));
}
