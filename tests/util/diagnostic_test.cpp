#include <catch2/catch.hpp>

#include "daemon/util/diagnostic.h"

using newsmon::util::Diagnostic;

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
