// The parties around a transfer word in one sentence: who supplies and who receives, from
// the order of the sentence and its prepositions.

#include "tests/rules/helpers.h"

using namespace newsmon;

namespace {

std::vector<rules::Event> extract(const std::string& title) {
  return rules::test::shipped_rules().extract(rules::ExtractKind::arms_transfer,
                                              rules::Story{title, "", ""});
}

}  // namespace

TEST_CASE("Extraction tells who supplies from the order of the sentence", "[rules][extract]") {
  SECTION("X sells to Y") {
    const auto events = extract("Israel sells Barak 8 air defence systems to Azerbaijan");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Israel");
    CHECK(events[0].recipient == "Azerbaijan");
  }
  SECTION("Y buys from X") {
    const auto events = extract("Azerbaijan buys Barak 8 air defence systems from Israel");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Israel");
    CHECK(events[0].recipient == "Azerbaijan");
  }
  SECTION("X's equipment for Y") {
    const auto events = extract("German Leopard tanks for Ukraine");
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].supplier == "Germany");
    CHECK(events[0].recipient == "Ukraine");
  }
}
