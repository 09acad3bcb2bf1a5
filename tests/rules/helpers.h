#pragma once
// Compiling rules from inline YAML and matching short stories, for the rules tests.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "daemon/rules/rule_set.h"
#include "tests/support/paths.h"

namespace newsmon::rules::test {

/// Compiles YAML that must be free of errors (the test fails with the diagnostics).
inline std::shared_ptr<const RuleSet> compile(const std::string& yaml) {
  auto loaded = load_rules_from_text(yaml, "test.yaml");
  INFO(util::format_all(loaded.errors));
  REQUIRE(loaded.errors.empty());
  REQUIRE(loaded.rules);
  return loaded.rules;
}

/// The shipped rule packs and lists (rules/ of the source tree), loaded once.
inline const RuleSet& shipped_rules() {
  static const auto loaded = load_rules({newsmon::test::source_dir() / "rules"});
  INFO(util::format_all(loaded.errors));
  REQUIRE(loaded.errors.empty());
  return *loaded.rules;
}

/// The diagnostics of YAML that must fail to load, one formatted string each.
inline std::vector<std::string> errors_of(const std::string& yaml) {
  auto loaded = load_rules_from_text(yaml, "test.yaml");
  CHECK_FALSE(loaded.rules);
  std::vector<std::string> out;
  for (const auto& diagnostic : loaded.errors) out.push_back(diagnostic.format());
  return out;
}

/// A one-rule set with the given query (single-quoted in YAML) and extra rule keys.
inline std::shared_ptr<const RuleSet> rule(const std::string& query, const std::string& extra = "",
                                           const std::string& lists = "") {
  std::string yaml = lists.empty() ? "" : "lists:\n" + lists + "\n";
  std::string quoted;
  for (const char c : query) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  yaml += "rules:\n  - id: r\n    query: '" + quoted + "'\n" + extra;
  return compile(yaml);
}

/// Whether the one-rule set matches a story with this title (and other fields).
inline bool hits(const RuleSet& rules, const std::string& title, const std::string& summary = "",
                 const std::string& content = "") {
  return !rules.match(Story{title, summary, content}).empty();
}

inline bool matches(const std::string& query, const std::string& title,
                    const std::string& summary = "") {
  return hits(*rule(query), title, summary);
}

/// The matched texts of the single match (empty when nothing matched).
inline std::vector<std::string> hit_texts(const RuleSet& rules, const Story& story) {
  std::vector<std::string> out;
  const auto found = rules.match(story);
  if (found.empty()) return out;
  for (const auto& hit : found.front().hits) out.push_back(hit.text);
  return out;
}

}  // namespace newsmon::rules::test
