#pragma once
// Trying a query or a whole rule on a story with the same engine the daemon runs,
// without touching the running rules: the rule is compiled on its own, beside the lists
// of the loaded rule files, and thrown away afterwards.

#include <filesystem>
#include <string>
#include <vector>

#include "daemon/rules/rule_set.h"

namespace newsmon::web {

struct PlaygroundInput {
  std::string title;
  std::string summary;
  std::string content;
  /// One of the two: a query alone, or rule-file YAML (`rules:` and optionally `lists:`).
  std::string query;
  std::string yaml;
};

struct PlaygroundOutcome {
  /// Load errors, as `newsmon check` prints them (the query's own lines and columns in
  /// query mode, "query:LINE:COL").
  std::vector<std::string> errors;
  std::size_t rules = 0;                   ///< rules compiled
  std::vector<rules::Match> matches;       ///< with explanations
  std::vector<rules::Match> dropped;       ///< matched but for a mask or an exception
  std::vector<std::string> test_failures;  ///< the rules' own `tests:`, as check prints them
};

/// Compiles and runs within the bounds of `options`. `list_sources` are the running rule
/// files and folders, whose lists the query may use.
PlaygroundOutcome run_playground(const PlaygroundInput& input,
                                 const std::vector<std::filesystem::path>& list_sources,
                                 const rules::LoadOptions& options = {});

/// A rule as YAML a user can edit, from its description.
std::string rule_yaml(const rules::RuleDescription& rule);

}  // namespace newsmon::web
