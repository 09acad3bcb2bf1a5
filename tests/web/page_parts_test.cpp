#include <catch2/catch.hpp>

#include "daemon/web/charts.h"
#include "daemon/web/page_parts.h"

using namespace newsmon;
using namespace newsmon::web;

namespace {

std::string marked(std::string_view text, std::vector<Range> ranges) {
  Html html;
  marked_text(html, text, std::move(ranges));
  return html.str();
}

std::size_t count(const std::string& text, const std::string& piece) {
  std::size_t found = 0;
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++found;
  return found;
}

}  // namespace

TEST_CASE("Hits are marked in the escaped text; overlapping hits merge", "[web][parts]") {
  CHECK(marked("US sends <31> Abrams", {{14, 20}}) == "US sends &lt;31&gt; <mark>Abrams</mark>");
  CHECK(marked("leopard 2 tanks", {{0, 9}, {8, 15}}) == "<mark>leopard 2 tanks</mark>");
  CHECK(marked("a b c", {{4, 5}, {0, 1}}) == "<mark>a</mark> b <mark>c</mark>");
}

TEST_CASE("Hits outside the text or inside a character are left unmarked", "[web][parts]") {
  CHECK(marked("Kyiv", {{2, 10}}) == "Kyiv");
  CHECK(marked("Zelensky’s", {{9, 10}}) == "Zelensky’s");  // inside the 3-byte ’
  CHECK(marked("abc", {{2, 2}}) == "abc");
}

TEST_CASE("Times read as dates and as how long ago", "[web][parts]") {
  CHECK(format_time(1'675'069'200) == "2023-01-30 09:00 UTC");
  CHECK(format_time(0) == "—");
  CHECK(relative_time(1000, 1030) == "30 s ago");
  CHECK(relative_time(1000 + 7200, 1000) == "in 2 h");
  CHECK(relative_time(0, 1000) == "—");
}

TEST_CASE("A day chart draws one column part per day and series with a value", "[web][charts]") {
  Html html;
  const Epoch first_day = 1'675'036'800;
  stacked_day_chart(html, "Alerts <per> day", first_day,
                    {{"arms_transfer", {1, 0, 3}}, {"<alliance>", {2, 0, 0}}});
  const auto& svg = html.str();
  CHECK(count(svg, "<rect") == 3);
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
