// The flat hash tables of the matcher's per-token lookups.

#include <catch2/catch.hpp>

#include "daemon/rules/flat_table.h"

using namespace newsmon::rules::detail;

TEST_CASE("An IdTable keeps the first value of each key as it grows", "[rules][flat_table]") {
  IdTable table;
  CHECK(table.find(7) == IdTable::k_absent);
  for (std::uint32_t i = 0; i < 5000; ++i) CHECK(table.emplace(i * 7919ull, i) == i);
  CHECK(table.size() == 5000);
  CHECK(table.emplace(7919, 99) == 1);
  CHECK(table.size() == 5000);
  for (std::uint32_t i = 0; i < 5000; ++i) CHECK(table.find(i * 7919ull) == i);
  CHECK(table.find(5) == IdTable::k_absent);
}

TEST_CASE("A TextCache returns the ids and flag added for a text until cleared",
          "[rules][flat_table]") {
  TextCache cache;
  TextCache::Entry entry;
  CHECK_FALSE(cache.find("tanks", hash_text("tanks"), entry));
  for (std::uint32_t i = 0; i < 3000; ++i) {
    const std::string text = "word" + std::to_string(i);
    cache.add(text, hash_text(text), {i, i + 1}, i % 2 == 0);
  }
  CHECK(cache.size() == 3000);
  REQUIRE(cache.find("word42", hash_text("word42"), entry));
  REQUIRE(entry.size == 2);
  CHECK(entry.ids[0] == 42);
  CHECK(entry.ids[1] == 43);
  CHECK(entry.flag);
  REQUIRE(cache.find("word43", hash_text("word43"), entry));
  CHECK_FALSE(entry.flag);
  // The same hash with other text is another entry.
  CHECK_FALSE(cache.find("other", hash_text("word42"), entry));
  cache.clear();
  CHECK(cache.size() == 0);
  CHECK_FALSE(cache.find("word42", hash_text("word42"), entry));
}

TEST_CASE("Equal texts hash equal, and different ones apart", "[rules][flat_table]") {
  CHECK(hash_text("abrams") == hash_text(std::string("abrams")));
  CHECK(hash_text("abrams") != hash_text("abram"));
  CHECK(hash_text("") != hash_text("a"));
}
