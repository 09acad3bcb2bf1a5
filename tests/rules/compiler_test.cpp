// The compiler: lists, nested lists and their entries turned into the expressions rules
// match with.

#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;

TEST_CASE("Lists expand to any of their terms and may include other lists", "[rules]") {
  const std::string lists =
      "  nordics: [sweden, finland, norway]\n"
      "  allies: [$nordics, \"south korea\", cased:NATO]";
  const auto rules = rule("$allies", "", lists);
  CHECK(hits(*rules, "Finland joins"));
  CHECK(hits(*rules, "South Korea's choice"));
  CHECK(hits(*rules, "NATO summit"));
  CHECK_FALSE(hits(*rules, "Nato summit"));
  CHECK_FALSE(hits(*rules, "Korea"));
}
