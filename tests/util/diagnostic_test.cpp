#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "daemon/util/diagnostic.h"

using newsmon::util::Diagnostic;

namespace {

// The pieces back to back (a sum of strings draws a false -Warray-bounds from GCC 12).
std::string joined(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (const std::string_view piece : pieces) out += piece;
  return out;
}

}  // namespace

TEST_CASE("A diagnostic names its file, line and column the way compilers do", "[diagnostic]") {
  const Diagnostic at_line{"rules/a.yaml", 3, 3, "unknown key 'qeury'", "  qeury: tank*"};
  CHECK(at_line.format() ==
        "rules/a.yaml:3:3: error: unknown key 'qeury'\n    qeury: tank*\n    ^");
  const Diagnostic whole_file{"rules", 0, 0, "no rule files (*.yaml) in this folder", {}};
  CHECK(whole_file.format() == "rules: error: no rule files (*.yaml) in this folder");
}

TEST_CASE("A diagnostic about a file that cannot be read names the file once", "[diagnostic]") {
  const Diagnostic missing{"/etc/newsmon/newsmon.yaml",
                           0,
                           0,
                           "/etc/newsmon/newsmon.yaml: cannot open: No such file or directory",
                           {}};
  CHECK(missing.format() ==
        "/etc/newsmon/newsmon.yaml: error: cannot open: No such file or directory");
  SECTION("another file's name in the message stays") {
    const Diagnostic include{
        "newsmon.yaml", 0, 0, "feeds.yaml: cannot open: Permission denied", {}};
    CHECK(include.format() == "newsmon.yaml: error: feeds.yaml: cannot open: Permission denied");
  }
  SECTION("at a line, the message is another file's business") {
    const Diagnostic at_line{"a.yaml", 2, 0, "a.yaml: cannot open", {}};
    CHECK(at_line.format() == "a.yaml:2: error: a.yaml: cannot open");
  }
}

TEST_CASE("A long source line is shown as a window around the column", "[diagnostic]") {
  const std::string line = joined({std::string(5000, 'a'), "BAD", std::string(5000, 'b')});
  const Diagnostic far{"f.yaml", 1, 5001, "bad value", line};
  const std::string shown = far.format();
  const auto lines = std::count(shown.begin(), shown.end(), '\n');
  CHECK(lines == 2);
  const auto source = shown.substr(shown.find('\n') + 3, shown.rfind('\n') - shown.find('\n') - 3);
  const auto caret = shown.substr(shown.rfind('\n') + 3);
  CHECK(source.size() <= Diagnostic::k_line_window + 6);
  CHECK(source.starts_with("...a"));
  CHECK(source.ends_with("b..."));
  REQUIRE(caret.size() <= source.size());
  CHECK(source.substr(caret.size() - 1, 3) == "BAD");
  SECTION("near the start, only the end is cut") {
    const Diagnostic near{"f.yaml", 1, 3, "bad value", line};
    const std::string text = near.format();
    CHECK(text.find("\n  aaa") != std::string::npos);
    CHECK(text.ends_with("...\n    ^"));
  }
  SECTION("never inside a UTF-8 character") {
    const std::string wide = joined({std::string(4000, 'a'), "\xc3\xa9\xc3\xa9\xc3\xa9",
                                     std::string(61, 'x'), "\xe2\x82\xac", std::string(4000, 'b')});
    const Diagnostic at{"f.yaml", 1, 4070, "bad", wide};
    const std::string text = at.format();
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
      if (text.compare(i, 3, "...") == 0) {
        const auto after = static_cast<unsigned char>(text[i + 3]);
        CHECK((after & 0xC0) != 0x80);
      }
    }
  }
}

TEST_CASE("URLs in a diagnostic are shown without their credentials", "[diagnostic]") {
  const Diagnostic listed{"newsmon.yaml", 4, 13, "feed https://u:pw@h/f?token=abc is listed twice",
                          "  - {url: \"https://alice:pw@h/f?token=abc\", every: 1x}"};
  CHECK(listed.format() ==
        "newsmon.yaml:4:13: error: feed https://***@h/f?token=*** is listed twice\n"
        "    - {url: \"https://***@h/f?token=***\", every: 1x}\n"
        "              ^");
  SECTION("the caret keeps pointing at what follows a redacted URL") {
    const Diagnostic after{"newsmon.yaml", 1, 43, "every: not a duration",
                           "- {url: \"https://alice:pw@h/f?token=abc\", every: 1x}"};
    const std::string text = after.format();
    const auto source = text.substr(text.find('\n') + 3, text.rfind('\n') - text.find('\n') - 3);
    const auto caret = text.substr(text.rfind('\n') + 3);
    CHECK(source.substr(caret.size() - 1, 6) == "every:");
  }
}

TEST_CASE("A source line that is not UTF-8 keeps its window and its caret", "[diagnostic]") {
  // Continuation bytes with no lead byte, where the window is cut and at the caret.
  const std::string bytes = joined({std::string(300, '\xa7'), "BAD", std::string(300, '\x99')});
  for (const int column : {1, 150, 250, 301, 302, 450, 604}) {
    INFO("column " << column);
    const std::string text = Diagnostic{"f.yaml", 1, column, "bad", bytes}.format();
    const auto source = text.substr(text.find('\n') + 3, text.rfind('\n') - text.find('\n') - 3);
    const auto caret = text.substr(text.rfind('\n') + 3);
    CHECK(source.size() <= Diagnostic::k_line_window + 6);
    CHECK(caret.size() <= source.size() + 1);  // a column past the end points after it
  }
}
