#pragma once
// Validating rule files for `newsmon check`: every load error, then every failing
// `tests:` example, each as FILE:LINE:COL: error: ... so editors can jump to it.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <vector>

#include "daemon/rules/rule_set.h"

namespace newsmon::app {

/// Loads the rule files and folders, prints each diagnostic to `out`, runs the `tests:`
/// examples of every rule (when the rules load) and prints each failing expectation
/// with its file and line. Returns the number of problems: 0 means the rules load and
/// every example holds. Prints a one-line summary when there are no problems.
/// `max_compiled` is the ceiling on compiled size (rules::LoadOptions). When `summaries`
/// is given, it receives every rule read (disabled ones too).
int check_rules(const std::vector<std::filesystem::path>& paths, std::ostream& out,
                std::uint64_t max_compiled = rules::k_default_max_compiled,
                std::vector<rules::RuleSummary>* summaries = nullptr);

}  // namespace newsmon::app
