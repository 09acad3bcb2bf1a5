#include <catch2/catch.hpp>

#include <chrono>

#include "daemon/util/clock.h"

using namespace newsmon::util;
using namespace std::chrono_literals;

TEST_CASE("Epoch seconds are written as RFC 3339 UTC times", "[util][clock]") {
  CHECK(format_rfc3339(1675069920) == "2023-01-30T09:12:00Z");
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_rfc3339(951782400) == "2000-02-29T00:00:00Z");
}

TEST_CASE("Epoch seconds and time points convert both ways, dropping fractions of a second",
          "[util][clock]") {
  CHECK(to_epoch_seconds(from_epoch_seconds(1675069920)) == 1675069920);
  CHECK(to_epoch_seconds(from_epoch_seconds(1675069920) + 999ms) == 1675069920);
  CHECK(from_epoch_seconds(60) - from_epoch_seconds(0) == 1min);
}

TEST_CASE("A fake clock moves only when the test moves it", "[util][clock]") {
  FakeClock clock(from_epoch_seconds(1000));
  CHECK(clock.now() == from_epoch_seconds(1000));
  CHECK(clock.now() == from_epoch_seconds(1000));
  clock.advance(1500ms);
  CHECK(clock.now() == from_epoch_seconds(1000) + 1500ms);
  clock.set(from_epoch_seconds(42));
  CHECK(to_epoch_seconds(clock.now()) == 42);
  const Clock& as_interface = clock;
  CHECK(as_interface.now() == from_epoch_seconds(42));
}
