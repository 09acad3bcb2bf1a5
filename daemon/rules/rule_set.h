#pragma once
// Loading watch-rule files and matching stories against the compiled set.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "daemon/rules/extract.h"
#include "daemon/rules/match.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::rules {

using Diagnostic = util::Diagnostic;

enum class Explain { no, yes };

struct TestFailure {
  Diagnostic where;     ///< the rule file and line of the failing example
  std::string message;  ///< what was expected and what happened
  std::string rule_id;  ///< the rule whose example it is
};

/// A loaded rule as its file wrote it, for people reading the rule set (a console).
struct RuleDescription {
  std::string id;
  std::string title;
  std::string desc;
  std::vector<std::string> topics;
  Severity severity = Severity::medium;
  std::vector<std::string> fields;  ///< the fields it reads, by name
  std::string query;                ///< the query as written
  std::vector<std::string> masks;
  std::vector<std::string> exceptions;
  std::size_t examples = 0;  ///< its `tests:`
  std::string location;      ///< "FILE:LINE" of its id
};

/// Sizes of a compiled rule set, for logs and metrics.
struct RuleSetStats {
  std::size_t rules = 0;
  std::size_t patterns = 0;          ///< distinct dictionary entries of all rules
  std::size_t always_evaluated = 0;  ///< rules with no required term (e.g. only NOT or /regex/)
};

/// An immutable compiled rule set: safe to share between threads and to replace whole.
class RuleSet {
 public:
  virtual ~RuleSet() = default;
  /// Every rule that matches the story, in rule-file order. Cost grows with the story's
  /// length and the rules its words select, not with the number of rules. A rule with
  /// `extract:` carries the story's events (extracted once per story and kind); a rule
  /// with an `event:` condition matches only when one of them meets it. With
  /// Explain::yes each match's `removed` says what its masks took away and
  /// `event_condition` which event met its condition, and, when `dropped` is given, it
  /// receives the rules that matched but for a mask, an exception or their event
  /// condition, with `removed` saying which. Thread-safe; never throws on any text.
  virtual std::vector<Match> match(const Story& story, Explain explain = Explain::no,
                                   std::vector<Match>* dropped = nullptr) const = 0;
  /// The events of the given kind the story reports, read with this rule set's lists
  /// (the extractor's vocabulary). Thread-safe; never throws on any text.
  virtual std::vector<Event> extract(ExtractKind kind, const Story& story) const = 0;
  virtual std::size_t rule_count() const = 0;
  /// The ids of all rules, in file order.
  virtual std::vector<std::string> rule_ids() const = 0;
  /// Every rule as written, in file order.
  virtual std::vector<RuleDescription> describe() const = 0;
  virtual RuleSetStats stats() const = 0;
  /// Runs the `tests:` examples of every rule; one failure per unmet expectation.
  virtual std::vector<TestFailure> run_tests() const = 0;
};

/// The default ceiling on the memory compiling rules may take.
inline constexpr std::size_t k_default_max_compiled = std::size_t{256} << 20;

struct LoadOptions {
  /// The most memory compiling the rules may take, estimated (indexes included; the
  /// estimate follows the entries of each list times the rules using it). Past it the
  /// load fails with an error naming the rule and the list that took it there, instead
  /// of taking the machine's memory. Default: 256 MiB (the default packs take about 4).
  std::size_t max_compiled = k_default_max_compiled;
};

/// A rule as its file declares it, enabled or not: what routing and filters are checked
/// against.
struct RuleSummary {
  std::string id;
  std::string title;
  std::vector<std::string> topics;
  Severity severity = Severity::medium;
  bool enabled = true;  ///< `enabled: false` rules are loaded and checked but match nothing
};

struct LoadResult {
  std::shared_ptr<const RuleSet> rules;  ///< null when errors is not empty
  std::vector<Diagnostic> errors;        ///< every error in every file, not just the first
  std::vector<RuleSummary> summaries;    ///< every rule, disabled ones too, in file order
};

/// Loads every *.yaml / *.yml under the given files and folders (folders recursively,
/// in name order) and compiles them into one rule set. Lists defined in any file may be
/// used in every file. Pure and thread-safe: touches nothing but the files it reads, so
/// the daemon may compile on a worker thread and swap the result in whole.
LoadResult load_rules(const std::vector<std::filesystem::path>& paths,
                      const LoadOptions& options = {});

/// Compiles rules from YAML text held in memory; `name` stands for the file in
/// diagnostics. Same rules as load_rules.
LoadResult load_rules_from_text(const std::string& yaml, const std::filesystem::path& name,
                                const LoadOptions& options = {});

/// Compiles rules from YAML text as load_rules_from_text() does, letting them use the
/// lists of the rule files and folders in `list_sources` (whose rules are not loaded). A
/// list the text defines itself takes the place of a file's list of the same name. For
/// trying a rule beside the running ones without changing them; bounded as load_rules is.
LoadResult load_rules_with_lists(const std::string& yaml, const std::filesystem::path& name,
                                 const std::vector<std::filesystem::path>& list_sources,
                                 const LoadOptions& options = {});

/// The same as rules.run_tests().
std::vector<TestFailure> run_rule_tests(const RuleSet& rules);

}  // namespace newsmon::rules
