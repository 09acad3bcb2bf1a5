#include <catch2/catch.hpp>

#include "daemon/util/utf8.h"

using namespace newsmon::util;

TEST_CASE("Ill-formed UTF-8 is replaced, never passed on", "[util]") {
  CHECK(is_valid_utf8("Türkiye"));
  CHECK_FALSE(is_valid_utf8("T\xfcrkiye"));
  CHECK(repair_utf8("T\xfcrkiye") == "T\xEF\xBF\xBDrkiye");
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));  // a surrogate
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));      // an overlong slash
}

TEST_CASE("Truncation keeps UTF-8 sequences whole", "[util]") {
  CHECK(truncate_utf8("abc", 10) == "abc");
  const std::string cut = truncate_utf8("ééééé", 7, "…");
  CHECK(cut.size() <= 7);
  CHECK(is_valid_utf8(cut));
}

TEST_CASE("Sequence lengths follow the well-formed byte ranges", "[util]") {
  CHECK(utf8_sequence_length("") == 0);
  CHECK(utf8_sequence_length("a") == 1);
  CHECK(utf8_sequence_length("é") == 2);
  CHECK(utf8_sequence_length("€") == 3);
  CHECK(utf8_sequence_length("😀") == 4);
  CHECK(utf8_sequence_length("\xe2\x82") == 0);          // cut short
  CHECK(utf8_sequence_length("\xf5\x80\x80\x80") == 0);  // beyond U+10FFFF
}

TEST_CASE("ASCII runs are skipped and invalid bytes counted across word boundaries", "[util]") {
  const std::string text = "plain ascii text, then é and \xff at the end";
  CHECK_FALSE(is_ascii(text));
  CHECK(is_ascii("only ascii here, longer than one word"));
  CHECK(skip_ascii(text, 0) == text.find("é"));
  CHECK(skip_ascii("abc", 1) == 3);
  const auto counts = count_utf8_sequences(text);
  CHECK(counts.valid_multibyte == 1);
  CHECK(counts.invalid == 1);
  CHECK(repair_utf8(text) == "plain ascii text, then é and \xEF\xBF\xBD at the end");
}

TEST_CASE("Noncharacters are found in every plane, and only they", "[util]") {
  CHECK(has_noncharacter("a\xEF\xBF\xBF"));
  CHECK(has_noncharacter("\xEF\xBF\xBE"));
  CHECK(has_noncharacter("x\xEF\xB7\x90y"));
  CHECK(has_noncharacter("\xF0\x9F\xBF\xBF"));
  CHECK(has_noncharacter("\xF4\x8F\xBF\xBE"));
  CHECK_FALSE(has_noncharacter("\xEF\xBF\xBD \xEF\xB7\xB0 \xF0\x9F\x98\x80 plain"));
}
