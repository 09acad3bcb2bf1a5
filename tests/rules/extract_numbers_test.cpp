// Quantities as the extractor reads them: digits with thousands separators, number words,
// "dozen".

#include <catch2/catch.hpp>

#include "daemon/rules/extract_numbers.h"

using newsmon::rules::detail::number_of;

TEST_CASE("Digits, separators and number words are quantities", "[rules][extract_numbers]") {
  CHECK(number_of("31") == 31);
  CHECK(number_of("1,800") == 1800);
  CHECK(number_of("four") == 4);
  CHECK(number_of("twenty") == 20);
  CHECK(number_of("thirty") == 30);
  CHECK(number_of("ninety") == 90);
  CHECK(number_of("dozen") == 12);
}

TEST_CASE("Words that are not numbers, and numbers too long to be counts, are none",
          "[rules][extract_numbers]") {
  CHECK_FALSE(number_of("tanks"));
  CHECK_FALSE(number_of("f16"));
  CHECK_FALSE(number_of("2.5"));
  CHECK_FALSE(number_of(""));
  CHECK_FALSE(number_of(","));
  CHECK_FALSE(number_of("hundred"));
  CHECK_FALSE(number_of("1234567890123"));
  CHECK(number_of("123456789012") == 123456789012);
}
