#include <catch2/catch.hpp>

#include "daemon/web/console.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::k_console_clock;
using test::occurrences;
using test::Visitor;

TEST_CASE("The feed chart shows the seven busiest feeds and the rest together; the table all",
          "[web][activity]") {
  FakeSource source;
  for (int feed = 1; feed <= 10; ++feed) {
    std::vector<std::int64_t> per_day(30, 0);
    per_day[29] = feed;  // feed 10 is the busiest
    source.feed_activity_held.push_back({"Wire " + std::to_string(feed), per_day});
  }
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  const auto body = visitor.get("/activity").body;
  const auto table = body.substr(body.find("<table class=\"per-feed\""));
  const auto charts = body.substr(0, body.find("<table class=\"per-feed\""));
  CHECK(charts.find("Wire 10: 10") != std::string::npos);
  CHECK(charts.find("Wire 4: 4") != std::string::npos);
  CHECK(charts.find("Wire 3:") == std::string::npos);
  CHECK(charts.find("other feeds: 6") != std::string::npos);  // 3 + 2 + 1
  for (int feed = 1; feed <= 10; ++feed) {
    INFO(feed);
    CHECK(table.find("<td>Wire " + std::to_string(feed) + "</td>") != std::string::npos);
  }
  CHECK(occurrences(table, "<polyline") == 10);
  CHECK(table.find("Wire 10") < table.find("Wire 9<"));
}
