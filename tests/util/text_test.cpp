#include <catch2/catch.hpp>

#include "daemon/util/text.h"

using namespace newsmon::util;

TEST_CASE("Split keeps empty pieces and trim removes white space", "[util]") {
  CHECK(split("a,,b", ',').size() == 3);
  CHECK(trim("  x \n") == "x");
  CHECK(iequals_ascii("ETag", "etag"));
}
