#include <catch2/catch.hpp>

#include "daemon/util/text.h"

using namespace newsmon::util;

TEST_CASE("Ill-formed UTF-8 is replaced, never passed on", "[util]") {
  CHECK(is_valid_utf8("Türkiye"));
  CHECK_FALSE(is_valid_utf8("T\xfcrkiye"));
  CHECK(repair_utf8("T\xfcrkiye") == "T\xEF\xBF\xBDrkiye");
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));  // a surrogate
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));      // an overlong slash
}

TEST_CASE("Truncation keeps UTF-8 sequences whole", "[util]") {
  CHECK(truncate_utf8("abc", 10) == "abc");
  const std::string cut = truncate_utf8("ééééé", 7, "…");
  CHECK(cut.size() <= 7);
  CHECK(is_valid_utf8(cut));
}

TEST_CASE("Split keeps empty pieces and trim removes white space", "[util]") {
  CHECK(split("a,,b", ',').size() == 3);
  CHECK(trim("  x \n") == "x");
  CHECK(iequals_ascii("ETag", "etag"));
}
