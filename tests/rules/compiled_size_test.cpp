// The ceiling on compiled size: a list used by many rules costs its entries once per
// rule, and a rule set that would pass rules.max_compiled is refused with a message that
// names the rule and the list, before the memory is taken.

#include <chrono>

#include <fmt/format.h>

#include "tests/rules/helpers.h"
#include "tests/support/paths.h"

using namespace newsmon::rules;
using Catch::Matchers::Contains;

namespace {

// A list of `entries` words and `rules` rules that each use it beside a word of their own.
std::string list_times_rules(std::size_t entries, std::size_t rules, std::string_view query) {
  std::string yaml = "lists:\n  big: [";
  for (std::size_t i = 0; i < entries; ++i) yaml += fmt::format("{}w{}", i ? ", " : "", i);
  yaml += "]\nrules:\n";
  for (std::size_t i = 0; i < rules; ++i) {
    yaml += fmt::format("  - id: r{}\n    query: '{}'\n", i,
                        fmt::format(fmt::runtime(query), fmt::arg("i", i)));
  }
  return yaml;
}

LoadResult load(const std::string& yaml, std::size_t max_compiled) {
  LoadOptions options;
  options.max_compiled = max_compiled;
  return load_rules_from_text(yaml, "big.yaml", options);
}

constexpr std::size_t k_mib = std::size_t{1} << 20;

}  // namespace

TEST_CASE("Rules that would compile past rules.max_compiled are refused, naming rule and list",
          "[rules][limits]") {
  // 5,000 entries times 400 rules: two million pairs, about 25 MB compiled.
  const std::string yaml = list_times_rules(5000, 400, "$big AND anchor{i}");
  const auto loaded = load(yaml, 4 * k_mib);
  CHECK_FALSE(loaded.rules);
  REQUIRE(loaded.errors.size() == 1);
  const auto& error = loaded.errors.front();
  CHECK(error.file == "big.yaml");
  CHECK(error.line > 3);  // at a rule's id, past the list
  CHECK_THAT(error.message, Contains("the rules compile to more than rules.max_compiled (4 MiB)") &&
                                Contains("uses list 'big' (5000 entries, defined at big.yaml:2)") &&
                                Contains("400 rules use it"));
  CHECK_THAT(error.format(), Contains("- id: r"));
  SECTION("under a ceiling it fits, the same file compiles") {
    const auto fits = load(yaml, 256 * k_mib);
    INFO(newsmon::util::format_all(fits.errors));
    CHECK(fits.rules);
  }
  SECTION("the list inside an OR of the rule costs the same and is caught the same") {
    const auto in_or =
        load(list_times_rules(5000, 400, "($big OR tank{i}) AND anchor{i}"), 4 * k_mib);
    REQUIRE(in_or.errors.size() == 1);
    CHECK_THAT(in_or.errors.front().message, Contains("uses list 'big'"));
  }
}

TEST_CASE("A refused rule set stops before its cost, not after", "[rules][limits]") {
  // 20,000 entries times 2,000 rules would take about half a gigabyte and many seconds.
  const std::string yaml = list_times_rules(20'000, 2000, "$big AND anchor{i}");
  const auto started = std::chrono::steady_clock::now();
  const auto loaded = load(yaml, 8 * k_mib);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK_FALSE(loaded.rules);
  REQUIRE(loaded.errors.size() == 1);
  CHECK_THAT(loaded.errors.front().message, Contains("list 'big' (20000 entries"));
  CHECK(elapsed < std::chrono::seconds(20));  // under ASan on a busy machine
}

TEST_CASE("Lists that nest other lists are counted expanded", "[rules][limits]") {
  // Each level names the level below twice: 2^24 phrases from 24 short lists.
  std::string yaml = "lists:\n  l0: [a, b, c, d, e, f, g, h]\n";
  for (int level = 1; level <= 24; ++level) {
    yaml += fmt::format("  l{}: [$l{}, $l{}]\n", level, level - 1, level - 1);
  }
  yaml += "rules:\n  - id: nested\n    query: '$l24 AND tank'\n";
  const auto loaded = load(yaml, 16 * k_mib);
  CHECK_FALSE(loaded.rules);
  REQUIRE(loaded.errors.size() == 1);
  CHECK_THAT(loaded.errors.front().message,
             Contains("rules.max_compiled (16 MiB)") && Contains("list 'l") &&
                 Contains("lists that include other lists hold their entries again"));
}

TEST_CASE("The default packs compile far under the default ceiling", "[rules][limits]") {
  const auto loaded =
      load_rules({newsmon::test::source_dir() / "rules"}, LoadOptions{.max_compiled = 16 * k_mib});
  INFO(newsmon::util::format_all(loaded.errors));
  CHECK(loaded.rules);
  CHECK(k_default_max_compiled == 256 * k_mib);
}
