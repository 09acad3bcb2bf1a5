#include <catch2/catch.hpp>

#include "daemon/util/duration.h"

using namespace std::chrono_literals;
using newsmon::util::format_duration;
using newsmon::util::parse_duration;
using newsmon::util::parse_size;

TEST_CASE("Durations are read with their unit", "[util]") {
  CHECK(parse_duration("90s").value() == 90s);
  CHECK(parse_duration("10m").value() == 10min);
  CHECK(parse_duration("6h").value() == 6h);
  CHECK(parse_duration("30d").value() == 24h * 30);
  CHECK(parse_duration("250ms").value() == 250ms);
}

TEST_CASE("Durations without a unit, with spaces or fractions are refused", "[util]") {
  for (const char* text : {"", "10", "1.5h", "10 m", "-5s", "5x", "m"}) {
    INFO(text);
    const auto result = parse_duration(text);
    REQUIRE_FALSE(result.ok());
    CHECK_FALSE(result.error().message.empty());
  }
}

TEST_CASE("Sizes are read in binary and decimal units", "[util]") {
  CHECK(parse_size("512").value() == 512);
  CHECK(parse_size("512KiB").value() == 512u * 1024);
  CHECK(parse_size("8MiB").value() == 8u << 20);
  CHECK(parse_size("1MB").value() == 1'000'000);
  CHECK_FALSE(parse_size("8mb").ok());
  CHECK_FALSE(parse_size("8 MiB").ok());
}

TEST_CASE("Durations are formatted with their largest exact unit", "[util]") {
  CHECK(format_duration(90s) == "90s");
  CHECK(format_duration(120s) == "2m");
  CHECK(format_duration(48h) == "2d");
  CHECK(format_duration(1500ms) == "1500ms");
}
