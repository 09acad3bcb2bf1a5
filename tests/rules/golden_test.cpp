// The shipped rule packs over the test stories and the development corpus give, byte for
// byte, the output recorded in tests/data/golden/ (scripts/golden-match writes it and
// shows story by story what changed).

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "daemon/util/crypto.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon::test;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> golden_inputs() {
  std::vector<std::string> inputs;
  std::istringstream lines(read_text(data_dir() / "golden/inputs.txt"));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.front() != '#') inputs.push_back(line);
  }
  return inputs;
}

std::string match_explain(std::vector<std::string> inputs) {
  std::vector<std::string> arguments{"match"};
  arguments.insert(arguments.end(), inputs.begin(), inputs.end());
  arguments.insert(arguments.end(), {"--explain", "--rules", "rules/"});
  // Feed items without an id are named after their file, so paths are given as in
  // inputs.txt, relative to the checkout.
  const auto result =
      run_newsmon(arguments, ProcessOptions{{}, source_dir()}, std::chrono::minutes(5));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

/// The first line where the two outputs differ, for the failure message.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream want(expected);
  std::istringstream got(actual);
  std::string a;
  std::string b;
  for (std::size_t line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(want, a));
    const bool more_b = static_cast<bool>(std::getline(got, b));
    if (!more_a && !more_b) return "no line differs";
    if (a != b || more_a != more_b) {
      return "line " + std::to_string(line) + "\nexpected: " + a + "\nactual:   " + b;
    }
  }
}

}  // namespace

TEST_CASE("The shipped packs match the test stories exactly as recorded", "[rules][golden]") {
  const std::string expected = read_text(data_dir() / "golden/match-explain.jsonl");
  const std::string actual = match_explain(golden_inputs());
  INFO("scripts/golden-match diff shows every change; " << first_difference(expected, actual));
  CHECK(actual.size() == expected.size());
  CHECK(actual == expected);
}

TEST_CASE("The shipped packs match the development corpus exactly as recorded", "[rules][golden]") {
  const auto corpus = shared_dir_or_skip() / "corpus/news-dev.jsonl";
  std::string expected = read_text(data_dir() / "golden/match-explain-dev.sha256");
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();
  const std::string actual = match_explain({corpus.string()});
  INFO("scripts/golden-match diff shows every change");
  CHECK(newsmon::util::sha256_hex(actual) == expected);
}
