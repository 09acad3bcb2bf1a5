#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "daemon/util/simhash.h"

using namespace newsmon::util;

namespace {

using Words = std::vector<std::string>;

constexpr const char* k_title = "Germany sends Leopard tanks to Ukraine";
constexpr const char* k_summary =
    "Berlin confirmed the delivery of fourteen Leopard 2 tanks to Kyiv on Tuesday, officials said.";

}  // namespace

TEST_CASE("SimHash words are lower-cased ASCII runs without short and function words",
          "[util][simhash]") {
  CHECK(simhash_tokens("The U.S. sends F-16 jets to Türkiye's army, 2023") ==
        Words{"sends", "16", "jets", "türkiye", "army", "2023"});
  CHECK(simhash_tokens("NATO;NATO") == Words{"nato", "nato"});
  CHECK(simhash_tokens("") == Words{});
  CHECK(simhash_tokens("a I of to") == Words{});
}

TEST_CASE("A fingerprint is the same on every machine and run, whatever the words' order",
          "[util][simhash]") {
  // Fingerprints are stored: a change of hash would split every cluster in a database.
  CHECK(story_simhash(k_title, k_summary) == 0xa0648b80e4672a23u);
  CHECK(simhash({"tanks"}) == 0x38e2eaace84fea2bu);
  CHECK(simhash({"leopard", "tanks", "kyiv"}) == simhash({"kyiv", "tanks", "leopard"}));
  CHECK(simhash({}) == 0);
}

TEST_CASE("Each occurrence of a word weighs in the fingerprint", "[util][simhash]") {
  // Twice "tanks" outvotes "snow" in every bit where the two words' hashes differ.
  CHECK(simhash({"snow", "tanks", "tanks"}) == simhash({"tanks"}));
  CHECK(simhash({"snow", "snow", "tanks"}) == simhash({"snow"}));
}

TEST_CASE("Copies of a story differ in few bits, unrelated stories in many", "[util][simhash]") {
  const auto story = story_simhash(k_title, k_summary);
  const auto copy = story_simhash(
      k_title,
      "Berlin confirmed the delivery of fourteen Leopard 2 tanks to Kyiv on Wednesday, "
      "officials said.");
  const auto other = story_simhash(
      "Snow closes mountain passes in the Alps",
      "Heavy snowfall shut roads across Switzerland and Austria overnight, stranding hundreds "
      "of drivers.");
  REQUIRE(story);
  REQUIRE(copy);
  REQUIRE(other);
  CHECK(hamming_distance(*story, *copy) == 7);
  CHECK(hamming_distance(*story, *other) == 26);
  CHECK(hamming_distance(*story, *story) == 0);
  CHECK(hamming_distance(0, ~std::uint64_t{0}) == 64);
}

TEST_CASE("A story of fewer than eight distinct words has no fingerprint", "[util][simhash]") {
  CHECK_FALSE(story_simhash("NATO summit", "NATO summit ends"));
  CHECK_FALSE(story_simhash("Tanks, tanks and more tanks", "tanks tanks tanks tanks tanks"));
  // Seven distinct words, then an eighth in the summary.
  CHECK_FALSE(story_simhash("Leaders meet Brussels discuss Ukraine aid package", ""));
  CHECK(story_simhash("Leaders meet Brussels discuss Ukraine aid package", "today"));
}
