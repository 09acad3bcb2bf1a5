#include <catch2/catch.hpp>

#include "daemon/web/page_parts.h"

using namespace newsmon;
using namespace newsmon::web;

namespace {

std::string marked(std::string_view text, std::vector<Range> ranges) {
  Html html;
  marked_text(html, text, std::move(ranges));
  return html.str();
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
