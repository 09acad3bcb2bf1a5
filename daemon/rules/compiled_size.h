#pragma once
// Internal to daemon/rules: the error for a rule set that would compile past the ceiling
// on its size (LoadOptions::max_compiled), naming the rule and the list that took it there.

#include <cstddef>

#include "daemon/rules/program.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::rules::detail {

/// The diagnostic for an overrun of index_rules(): at the rule's id when a rule was being
/// indexed, naming the largest list it uses and how many rules use that list; at a list
/// otherwise.
util::Diagnostic describe_overrun(const Program& program, const Overrun& overrun,
                                  std::size_t max_bytes);

}  // namespace newsmon::rules::detail
