// scripts/check-deps: the layout rules of daemon/ that the compiler does not enforce.

#include <catch2/catch.hpp>

#include <string>

#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::TempDir;
using newsmon::test::write_file;

namespace {

newsmon::test::RunResult check_deps(const std::filesystem::path& root) {
  return newsmon::test::run({"/bin/bash",
                             (newsmon::test::source_dir() / "scripts" / "check-deps").string(),
                             root.string()});
}

}  // namespace

TEST_CASE(
    "The sources follow the dependency direction and stay under 500 lines a file and 60 a "
    "function",
    "[e2e][layout]") {
  const auto result = check_deps(newsmon::test::source_dir());
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("check-deps names the file and line of each fault", "[e2e][layout]") {
  TempDir root;
  write_file(
      root / "daemon/feed/parse.cpp",
      "#include <string>\n#include \"daemon/util/text.h\"\n#include \"daemon/store/store.h\"\n");
  write_file(root / "daemon/util/log.h", "#pragma once\n#  include \"daemon/app/cli.h\"\n");
  write_file(root / "daemon/store/sqlite/table.cpp",
             "#include \"daemon/rules/match.h\"\n#include \"daemon/feed/item.h\"\n");
  write_file(root / "daemon/main.cpp", "#include \"daemon/app/cli.h\"\n");
  write_file(root / "daemon/app/long.cpp", std::string(501, '\n'));
  const auto result = check_deps(root.path());
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("daemon/feed/parse.cpp:3: feed may not include "
                                         "daemon/store/store.h"));
  CHECK_THAT(result.out, Catch::Contains("daemon/util/log.h:2: util may not include "
                                         "daemon/app/cli.h"));
  CHECK_THAT(result.out, Catch::Contains("daemon/app/long.cpp:501: 501 lines"));
  CHECK(result.out.find("parse.cpp:2") == std::string::npos);  // feed may use util
  CHECK(result.out.find("table.cpp") == std::string::npos);    // store may use rules, feed
  CHECK(result.out.find("main.cpp") == std::string::npos);     // main belongs to app
  CHECK_THAT(result.out, Catch::Contains("3 fault(s)"));
}

namespace {

// A function of `lines` lines, counted from its name to its closing brace, whose body
// holds braces in a comment, a string, a raw string and a character.
std::string function_of(const std::string& name, int lines) {
  std::string text = "int " + name + "(int x = {}) {\n";
  text += "  // } a brace in a comment\n";
  text += "  const char* s = \"}\"; const char* r = R\"(})\"; char c = '}';\n";
  for (int line = 5; line < lines; ++line) text += "  x += 1'000;\n";
  return text + "  return x;\n}\n";
}

}  // namespace

TEST_CASE("check-deps names each function over 60 lines with its file, line and length",
          "[e2e][layout]") {
  TempDir root;
  write_file(root / "daemon/feed/parse.cpp",
             "namespace newsmon::feed {\nnamespace {\n\n" + function_of("short_enough", 60) +
                 "}  // namespace\n\nstruct Parser {\n  " + function_of("too_long", 61) +
                 "};\n}  // namespace newsmon::feed\n");
  const auto result = check_deps(root.path());
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out, Catch::Contains("daemon/feed/parse.cpp:67: too_long is 61 lines, over "
                                         "the limit of 60: split it"));
  CHECK(result.out.find("short_enough") == std::string::npos);
  CHECK_THAT(result.out, Catch::Contains("1 fault(s)"));
}
