// The iconv wrapper: legacy charsets to UTF-8, failing or replacing on bad bytes.

#include <catch2/catch.hpp>

#include <string>

#include "daemon/feed/iconv.h"

using namespace newsmon::feed;

TEST_CASE("A known charset converts to UTF-8", "[feed][iconv]") {
  auto latin1 = Iconv::to_utf8("ISO-8859-1");
  REQUIRE(latin1);
  CHECK(latin1->convert("caf\xE9", InvalidBytes::fail) ==
        std::optional<std::string>("caf\xC3\xA9"));
  auto koi8 = Iconv::to_utf8("KOI8-R");
  REQUIRE(koi8);
  CHECK(koi8->convert("\xCB\xC9\xC5\xD7", InvalidBytes::fail) ==
        std::optional<std::string>("\xD0\xBA\xD0\xB8\xD0\xB5\xD0\xB2"));  // "киев"
}

TEST_CASE("An unknown charset gives no converter", "[feed][iconv]") {
  CHECK_FALSE(Iconv::to_utf8("no-such-charset-42"));
}

TEST_CASE("Bytes a charset does not define fail the conversion or are replaced", "[feed][iconv]") {
  auto utf8 = Iconv::to_utf8("UTF-8");
  REQUIRE(utf8);
  CHECK_FALSE(utf8->convert("ok \xFF bad", InvalidBytes::fail));
  const auto replaced = utf8->convert("ok \xFF bad", InvalidBytes::replace);
  REQUIRE(replaced);
  CHECK(replaced->starts_with("ok "));
  CHECK(replaced->ends_with(" bad"));
  CHECK(replaced->find('\xFF') == std::string::npos);
}

TEST_CASE("A converter is reusable after a failed conversion", "[feed][iconv]") {
  auto utf8 = Iconv::to_utf8("UTF-8");
  REQUIRE(utf8);
  CHECK_FALSE(utf8->convert("\xC3", InvalidBytes::fail));
  CHECK(utf8->convert("fine", InvalidBytes::fail) == std::optional<std::string>("fine"));
}
