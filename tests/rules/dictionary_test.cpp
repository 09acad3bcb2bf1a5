// The dictionary's patterns: prefixes ("munition*") and words compared as written
// ("cased:ARM"), beside the exact words every rule has.

#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("A star ends a prefix, also inside phrases", "[rules]") {
  CHECK(matches("munition*", "Munitions factory"));
  CHECK(matches("munition*", "munition"));
  CHECK_FALSE(matches("munition*", "ammunition"));
  const auto leopard = rule("\"leopard 2*\"");
  CHECK(hits(*leopard, "Leopard 2A6 tanks"));
  CHECK(hits(*leopard, "Leopard 2 tanks"));
  CHECK_FALSE(hits(*leopard, "Leopard 1A5 tanks"));
  CHECK_FALSE(hits(*leopard, "leopard seen in zoo"));
}

TEST_CASE("cased: compares the token as written", "[rules]") {
  const auto arm = rule("cased:ARM");
  CHECK(hits(*arm, "ARM shares rise"));
  CHECK_FALSE(hits(*arm, "arm broken"));
  CHECK_FALSE(hits(*arm, "Arm Holdings"));
  CHECK(matches("cased:NATO", "ＮＡＴＯ summit"));
  CHECK(matches("cased:\"Star Alliance\"", "Star Alliance carriers"));
  CHECK_FALSE(matches("cased:\"Star Alliance\"", "star alliance carriers"));
}
