#include <catch2/catch.hpp>

#include <array>

#include "daemon/util/spelling.h"

using namespace newsmon::util;

TEST_CASE("Edit distance counts insertions, deletions and substitutions", "[util]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("severity", "serverity") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("timeout", "timeuot") == 2);
}

TEST_CASE("The closest spelling is offered only when it is near enough", "[util]") {
  constexpr std::array<std::string_view, 4> names{"info", "low", "high", "critical"};
  CHECK(closest_spelling("hihg", names) == "high");
  CHECK(closest_spelling("critcal", names) == "critical");
  CHECK(closest_spelling("urgent", names).empty());
  // Longer words allow more edits: a third of their length.
  constexpr std::array<std::string_view, 1> long_name{"default_interval"};
  CHECK(closest_spelling("defualt_intervall", long_name) == "default_interval");
  CHECK(closest_spelling("interval", long_name).empty());
  // Of two equally close names, the first.
  constexpr std::array<std::string_view, 2> twins{"cat", "car"};
  CHECK(closest_spelling("caz", twins) == "cat");
}
