#include <catch2/catch.hpp>

#include <string>

#include "daemon/util/fold.h"

using namespace newsmon::util;

TEST_CASE("Folding removes case, accents and width", "[util][fold]") {
  CHECK(fold("NATO") == "nato");
  CHECK(fold("Türkiye") == "turkiye");
  CHECK(fold("TÜRKIYE") == "turkiye");
  CHECK(fold("ＮＡＴＯ") == "nato");
  CHECK(fold("Zelenskyy’s") == "zelenskyy’s");
  CHECK(fold("Straße") == "strasse");
  CHECK(fold("ﬁghter") == "fighter");
  CHECK(fold("e\xCC\x81te\xCC\x81") == "ete");  // decomposed accents
  CHECK(fold("Ελλάδα") == "ελλαδα");
  CHECK(fold("Київ") == "киів");
}

TEST_CASE("Folding repairs ill-formed UTF-8 instead of dropping text", "[util][fold]") {
  CHECK(fold("ab\xFF"
             "CD") ==
        "ab\xEF\xBF\xBD"
        "cd");
  CHECK(nfkc("ＮＡＴＯ") == "NATO");
  CHECK(nfkc("Nato") == "Nato");
}
