#include <catch2/catch.hpp>

#include <sstream>

#include "daemon/app/rule_check.h"
#include "tests/support/paths.h"

using namespace newsmon;
using Catch::Matchers::Contains;

TEST_CASE("Rule checks pass when rules load and every example holds", "[app][check]") {
  std::ostringstream out;
  CHECK(app::check_rules({test::data_dir() / "rules/arms.yaml"}, out) == 0);
  CHECK(out.str() == "rules: 2 rules, 32 terms, all tests pass\n");
}

TEST_CASE("Rule checks print each failing example with its file and line", "[app][check]") {
  std::ostringstream out;
  const auto file = test::data_dir() / "rules/failing-tests.yaml";
  CHECK(app::check_rules({file}, out) == 2);
  const std::string text = out.str();
  CHECK_THAT(text, Contains(file.string() +
                            ":6:9: error: rule 'tanks' should match \"Think tanks meet\" but does "
                            "not: mask \"think tank*\" covers \"tanks\" (title 6-11)"));
  CHECK_THAT(text, Contains(file.string() +
                            ":7:9: error: rule 'tanks' should not match \"Tanks roll\" but does, "
                            "on \"Tanks\" (title 0-5)"));
  CHECK_THAT(text, !Contains(":8:"));
}

TEST_CASE("Rule checks count every load error as a problem", "[app][check]") {
  std::ostringstream out;
  CHECK(app::check_rules({test::data_dir() / "rules/broken.yaml"}, out) == 2);
  CHECK_THAT(out.str(), Contains("broken.yaml:3:23: error:"));
  CHECK_THAT(out.str(), Contains("broken.yaml:5:13: error:"));
}
