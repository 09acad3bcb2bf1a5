#pragma once
// Internal to daemon/rules: what a rule set knows of events beside its compiled queries —
// the extractor's vocabulary, read from the rule set's lists, and each rule's `event:`
// condition, checked after the rule's query has matched and the story's events have been
// extracted.

#include <memory>
#include <optional>
#include <vector>

#include "daemon/rules/event_condition.h"
#include "daemon/rules/extract_vocabulary.h"
#include "daemon/rules/program.h"

namespace newsmon::rules {
class RuleSet;
}

namespace newsmon::rules::detail {

struct RuleEvents {
  std::shared_ptr<const Vocabulary> vocabulary;           ///< never null
  std::vector<std::optional<EventCondition>> conditions;  ///< by rule index
};

/// Wraps a finished program (index_rules already run) and its events as the RuleSet.
std::shared_ptr<const RuleSet> make_rule_set(Program program, RuleEvents events);

}  // namespace newsmon::rules::detail
