// The one list of function words, shared by story fingerprints and alert evidence.

#include <catch2/catch.hpp>

#include "daemon/util/function_words.h"
#include "daemon/util/simhash.h"

using newsmon::util::is_function_word;

TEST_CASE("Function words are the little words every sentence has", "[util]") {
  for (const char* word : {"to", "for", "from", "the", "of", "and", "with"}) {
    INFO(word);
    CHECK(is_function_word(word));
  }
  for (const char* word : {"nato", "tanks", "summit", "ukraine", "To"}) {
    INFO(word);
    CHECK_FALSE(is_function_word(word));
  }
}

TEST_CASE("Story fingerprints leave the function words out", "[util]") {
  CHECK(newsmon::util::simhash_tokens("Tanks to Ukraine from the US") ==
        std::vector<std::string>{"tanks", "ukraine", "us"});
}
