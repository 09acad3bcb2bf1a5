// Plain text as items keep it: white space folded, invisible characters dropped, C1
// controls read as Windows-1252 meant them, double-encoded UTF-8 restored.

#include <catch2/catch.hpp>

#include <string>

#include "daemon/feed/text.h"

using namespace newsmon::feed;

TEST_CASE("Runs of white space fold to one space and the ends are trimmed", "[feed][text]") {
  CHECK(clean_text("  Tanks \t for\r\n\n  Kyiv  ") == "Tanks for Kyiv");
  CHECK(clean_text("") == "");
  CHECK(clean_text(" \n\t ") == "");
}

TEST_CASE("Unicode spaces count as spaces and invisible characters vanish", "[feed][text]") {
  CHECK(clean_text("NATO\xC2\xA0summit") == "NATO summit");  // no-break space
  CHECK(clean_text("Leo\xC2\xADpard") == "Leopard");         // soft hyphen
  CHECK(clean_text("air\xE2\x80\x8B"
                   "defence") == "airdefence");       // zero-width space
  CHECK(clean_text("\xEF\xBB\xBFTitle") == "Title");  // byte-order mark
  CHECK(clean_text("one\xE2\x80\xA8two\xE3\x80\x80three") == "one two three");
  CHECK(clean_text("Kyiv \xE2\x80\x94 Berlin") == "Kyiv \xE2\x80\x94 Berlin");  // em dash kept
}

TEST_CASE("ASCII control characters carry no text", "[feed][text]") {
  CHECK(clean_text("Pa\x01tri\x7Fot") == "Patriot");
}

TEST_CASE("C1 controls in text are the Windows-1252 characters they stand for", "[feed][text]") {
  // U+0093 and U+0094 are how a Windows-1252 file's curly quotes look when read as Latin-1.
  CHECK(clean_text("\xC2\x93Patriot\xC2\x94") == "\xE2\x80\x9CPatriot\xE2\x80\x9D");
  CHECK(c1_as_windows_1252("\xC2\x80 500") == std::optional<std::string>("\xE2\x82\xAC 500"));
  CHECK(c1_as_windows_1252("a\xC2\x81"
                           "b") == std::optional<std::string>("ab"));  // undefined
  CHECK_FALSE(c1_as_windows_1252("plain text, caf\xC3\xA9"));
}

TEST_CASE("Line and word breaks are kept once and never at the ends", "[feed][text]") {
  TextBuilder builder;
  builder.line_break();
  builder.append("First paragraph.");
  builder.line_break();
  builder.word_break();
  builder.append("  Second.");
  builder.word_break();
  builder.append("Third");
  builder.line_break();
  CHECK(std::move(builder).finish() == "First paragraph.\nSecond. Third");
}

TEST_CASE("Text encoded twice as UTF-8 is restored, other text is left alone", "[feed][text]") {
  CHECK(undo_double_encoding("Minist\xC3\x83\xC2\xA8re") ==
        std::optional<std::string>("Minist\xC3\xA8re"));
  CHECK_FALSE(undo_double_encoding("plain ASCII"));
  CHECK_FALSE(undo_double_encoding("Minist\xC3\xA8re"));     // already right: not valid twice
  CHECK_FALSE(undo_double_encoding("\xE2\x80\x94 a dash"));  // past U+00FF
}

TEST_CASE("Markup is suspected only where '<' or '&' occur", "[feed][text]") {
  CHECK(may_contain_markup("a <b>bold</b> claim"));
  CHECK(may_contain_markup("R&amp;D"));
  CHECK_FALSE(may_contain_markup("plain > text"));
}

TEST_CASE("HTML escaping covers the characters that could open markup or end an attribute",
          "[feed][text]") {
  CHECK(escape_html("<script>\"x\" & 'y'</script>") ==
        "&lt;script&gt;&quot;x&quot; &amp; 'y'&lt;/script&gt;");
}
