// The fuzz targets over the inputs kept in tests/data/fuzz/<target>/: seeds written by
// hand and every input that once broke something, replayed by any compiler's build (the
// sanitizer build of scripts/check reports what libFuzzer's clang build would).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "daemon/util/text.h"
#include "tests/fuzz/fuzz.h"
#include "tests/support/paths.h"

namespace fs = std::filesystem;
using namespace newsmon;

namespace {

fs::path kept_inputs() {
  return test::data_dir() / "fuzz";
}

// Runs the target over each kept input, in name order; returns how many there were.
std::size_t replay(std::string_view name) {
  const auto* target = fuzz::find_target(name);
  REQUIRE(target != nullptr);
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(kept_inputs() / std::string(name))) {
    if (entry.is_regular_file()) inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& path : inputs) {
    auto bytes = util::read_file(path);
    REQUIRE(bytes);
    // A crash ends the process; the last file named on stderr is the one that broke.
    std::fprintf(stderr, "%s\n", path.filename().c_str());
    target->run(*bytes);
  }
  return inputs.size();
}

}  // namespace

TEST_CASE("Every fuzz target has kept inputs and every folder of them a target", "[fuzz]") {
  std::vector<std::string> folders;
  for (const auto& entry : fs::directory_iterator(kept_inputs())) {
    if (entry.is_directory()) folders.push_back(entry.path().filename().string());
  }
  std::vector<std::string> names;
  for (const auto& target : fuzz::targets()) names.emplace_back(target.name);
  std::sort(folders.begin(), folders.end());
  std::sort(names.begin(), names.end());
  CHECK(folders == names);
}

#define NEWSMON_REPLAY(target)                                                   \
  TEST_CASE("The kept inputs of " #target " run clean", "[fuzz][" #target "]") { \
    CHECK(replay(#target) > 0);                                                  \
  }

NEWSMON_REPLAY(feed_parse)
NEWSMON_REPLAY(feed_rss)
NEWSMON_REPLAY(feed_rdf)
NEWSMON_REPLAY(feed_atom)
NEWSMON_REPLAY(feed_json)
NEWSMON_REPLAY(feed_html)
NEWSMON_REPLAY(feed_date)
NEWSMON_REPLAY(feed_charset)
NEWSMON_REPLAY(util_url)
NEWSMON_REPLAY(rules_query)
NEWSMON_REPLAY(rules_file)
NEWSMON_REPLAY(alert_payload)
NEWSMON_REPLAY(app_opml)
NEWSMON_REPLAY(app_config)
