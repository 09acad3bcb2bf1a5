#include <catch2/catch.hpp>

#include "daemon/web/charts.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::occurrences;

TEST_CASE("A day chart draws one column part per day and series with a value", "[web][charts]") {
  Html html;
  const Epoch first_day = 1'675'036'800;
  stacked_day_chart(html, "Alerts <per> day", first_day,
                    {{"arms_transfer", {1, 0, 3}}, {"<alliance>", {2, 0, 0}}});
  const auto& svg = html.str();
  CHECK(occurrences(svg, "<rect") == 3);
  CHECK(svg.find("<title>2023-01-30, arms_transfer: 1, &lt;alliance&gt;: 2</title>") !=
        std::string::npos);
  CHECK(svg.find("Alerts &lt;per&gt; day") != std::string::npos);
  CHECK(svg.find("style=") == std::string::npos);  // the CSP allows no inline style
  // The tallest day (3) fills the plot; the scale says so.
  CHECK(svg.find(">3</text>") != std::string::npos);
}

TEST_CASE("A sparkline joins one point per day", "[web][charts]") {
  Html html;
  sparkline(html, {0, 2, 1});
  CHECK(html.str().find("points=\"0.0,22.0 75.0,2.0 150.0,12.0\"") != std::string::npos);
}
