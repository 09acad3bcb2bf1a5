#pragma once
// Loading watch-rule files and matching stories against the compiled set.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::rules {

using Diagnostic = util::Diagnostic;

enum class Explain { no, yes };

/// An immutable compiled rule set: safe to share between threads and to replace whole.
class RuleSet {
 public:
  virtual ~RuleSet() = default;
  /// Every rule that matches the story, in rule-file order.
  virtual std::vector<Match> match(const Story& story, Explain explain = Explain::no) const = 0;
  virtual std::size_t rule_count() const = 0;
  /// The ids of all rules, in file order.
  virtual std::vector<std::string> rule_ids() const = 0;
};

struct TestFailure {
  Diagnostic where;  ///< the rule file and line of the failing example
  std::string message;
};

struct LoadResult {
  std::shared_ptr<const RuleSet> rules;  ///< null when errors is not empty
  std::vector<Diagnostic> errors;        ///< every error in every file, not just the first
};

/// Loads every *.yaml under the given files and folders (folders recursively, in name
/// order) and compiles them into one rule set.
LoadResult load_rules(const std::vector<std::filesystem::path>& paths);

/// Runs the `tests:` examples of every rule; one failure per unmet expectation.
std::vector<TestFailure> run_rule_tests(const std::vector<std::filesystem::path>& paths,
                                        const RuleSet& rules);

}  // namespace newsmon::rules
