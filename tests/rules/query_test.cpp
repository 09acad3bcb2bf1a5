#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "daemon/rules/query.h"
#include "tests/rules/helpers.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;
using Catch::Matchers::Contains;

TEST_CASE("Each kind of query mistake gets its own message", "[rules][errors]") {
  const auto message = [](const std::string& query) {
    const auto parsed = parse_query(query);
    REQUIRE(parsed.error);
    return parsed.error->message;
  };
  CHECK_THAT(message("tanks AND"), Contains("AND needs a term"));
  CHECK_THAT(message("(tanks"), Contains("never closed"));
  CHECK_THAT(message("tanks)"), Contains("no matching '('"));
  CHECK_THAT(message("\"think tank"), Contains("quote is never closed"));
  CHECK_THAT(message("/abc"), Contains("never closed"));
  CHECK_THAT(message("tanks NEAR/x ukraine"), Contains("NEAR needs a distance"));
  CHECK_THAT(message("tanks NEAR/5 NOT ukraine"), Contains("NOT cannot be an operand of NEAR"));
  CHECK_THAT(message("mu*nition"), Contains("'*' may only end a word"));
  CHECK_THAT(message("headline:tanks"), Contains("unknown prefix 'headline:'"));
  CHECK_THAT(message("cased:(a OR b)"), Contains("cased: applies to a word"));
  CHECK_THAT(message("$"), Contains("list name"));
  CHECK_THAT(message("()"), Contains("empty parentheses"));
  CHECK_THAT(message(""), Contains("empty query"));
  CHECK_THAT(message("tanks or ukraine"), Contains("write OR"));
  CHECK(parse_query("tanks NEAR/5 ukraine").error == std::nullopt);
  CHECK(parse_query("\"tanks or ukraine\"").error == std::nullopt);
}

TEST_CASE("A query nests at most 100 groups, NOTs and fields, however many it is given",
          "[rules][errors]") {
  const auto nested = [](int depth, const std::string& open, const std::string& close) {
    std::string query;
    for (int i = 0; i < depth; ++i) query += open;
    query += "tanks";
    for (int i = 0; i < depth; ++i) query += close;
    return query;
  };
  CHECK(parse_query(nested(100, "(", ")")).error == std::nullopt);
  CHECK(parse_query(nested(100, "NOT ", "")).error == std::nullopt);
  CHECK(parse_query(nested(50, "title:(", ")")).error == std::nullopt);  // two levels each
  for (const auto& [open, close] : std::vector<std::pair<std::string, std::string>>{
           {"(", ")"}, {"NOT ", ""}, {"title:(", ")"}, {"title:", ""}, {"(NOT ", ")"}}) {
    INFO(open);
    for (const int depth : {101, 100'000}) {
      const auto parsed = parse_query(nested(depth, open, close));
      REQUIRE(parsed.error);
      CHECK_THAT(parsed.error->message,
                 Contains("nests more than 100 groups, NOTs or fields inside each other"));
    }
  }
}

TEST_CASE("Names of lists and topics are letters, digits, '_' and '-'", "[rules]") {
  CHECK(is_name("arms_transfer"));
  CHECK(is_name("Weapon-Systems2"));
  CHECK_FALSE(is_name(""));
  CHECK_FALSE(is_name("arms transfer"));
  CHECK_FALSE(is_name("waffen\xc3\xa4"));
}

TEST_CASE("Field prefixes scope a term to their field", "[rules]") {
  const auto parsed = parse_query("summary:tanks");
  REQUIRE_FALSE(parsed.error);
  CHECK(parsed.root.kind == QueryNode::Kind::scope);
  CHECK(parsed.root.fields == field_bit(Field::summary));
}

TEST_CASE("AND binds tighter than OR and parentheses regroup", "[rules]") {
  // a OR b AND c == a OR (b AND c)
  CHECK(matches("poland OR tanks AND ukraine", "Poland"));
  CHECK_FALSE(matches("poland OR tanks AND ukraine", "tanks"));
  CHECK(matches("(poland OR tanks) AND ukraine", "tanks for ukraine"));
  CHECK_FALSE(matches("(poland OR tanks) AND ukraine", "Poland"));
  // implicit AND has the precedence of AND
  CHECK(matches("poland OR tanks ukraine", "Poland"));
  CHECK_FALSE(matches("poland OR tanks ukraine", "tanks"));
}
