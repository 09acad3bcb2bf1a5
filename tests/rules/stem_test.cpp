// English stemming, for lists marked `stem: english`.

#include "tests/rules/helpers.h"

#include "daemon/rules/stem.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("Stemmed lists match the forms of their words", "[rules]") {
  const std::string lists = "  verbs: {stem: english, terms: [deliver, supply, \"send back\"]}";
  const auto rules = rule("$verbs", "", lists);
  CHECK(hits(*rules, "Germany delivered tanks"));
  CHECK(hits(*rules, "delivering continues"));
  CHECK(hits(*rules, "US supplies"));
  CHECK(hits(*rules, "supplying arms"));
  CHECK(hits(*rules, "sending back the jets"));
  CHECK_FALSE(hits(*rules, "sending the jets"));
  const auto unstemmed = rule("$plain", "", "  plain: [deliver]");
  CHECK_FALSE(hits(*unstemmed, "Germany delivered tanks"));
}

TEST_CASE("English words stem to their Snowball stems", "[rules][stem]") {
  CHECK(stem_english("delivering") == "deliv");
  CHECK(stem_english("delivered") == stem_english("deliver"));
  CHECK(stem_english("supplies") == stem_english("supplying"));
  CHECK(stem_english("tanks") == "tank");
  CHECK(stem_english("send") == "send");
}
