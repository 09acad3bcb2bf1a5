#pragma once
// Internal to daemon/rules: a rule's `event:` condition, which its match must meet with
// one event of the story:
//
//   event: {supplier: $state_germany, recipient: [ukraine], system: $equipment_air_defence,
//           status: [pledged, delivered], not: {recipient: [russia]}}
//   event: {parties: [$state_japan], act: [treaty, pact], place: [$state_philippines]}
//
// Each key is optional; `{}` asks only that the story report an event. Party keys take
// names of states, armed groups and alliances, and lists of them; `system` takes
// equipment words and lists (a word or phrase of the event's system must be one);
// `status` and `act` take their names. `not:` holds a condition the event must not meet.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/rules/extract.h"
#include "daemon/rules/extract_phrases.h"
#include "daemon/rules/extract_vocabulary.h"
#include "daemon/rules/match.h"
#include "daemon/util/yaml_reader.h"

namespace newsmon::rules::detail {

class EventCondition {
 public:
  /// Whether the event meets every key of the condition and not its `not:` part.
  bool met_by(const Event& event) const;
  /// The first key the event does not meet, said for explanations ("supplier is the
  /// Netherlands, not Germany"); empty when it meets the condition.
  std::string why_not(const Event& event) const;
  /// The condition as written, for explanations.
  const std::string& text() const { return m_text; }

 private:
  friend class EventConditionReader;
  struct Names {
    std::vector<std::string> accepted;  ///< canonical names
    std::string written;                ///< the values as the rule writes them
  };
  struct Systems {
    PhraseTable phrases;
    std::string written;
  };
  /// Every party group must have one of its names among the event's parties.
  struct PartyGroups {
    std::vector<Names> groups;
  };
  std::string unmet(const Event& event) const;

  std::optional<Names> m_supplier;
  std::optional<Names> m_recipient;
  std::optional<Systems> m_system;
  std::vector<TransferStatus> m_statuses;
  std::optional<PartyGroups> m_parties;
  std::vector<AllianceAct> m_acts;
  std::optional<Names> m_place;
  std::shared_ptr<const EventCondition> m_negated;
  std::string m_text;
};

/// Where a condition is read: its file (which records the errors), the rule set's lists (for
/// "$name" values) and vocabulary, and the rule it belongs to ("rule 'x'", the start of every
/// message).
struct ConditionSource {
  util::YamlReader& file;
  const Vocabulary& vocabulary;
  const std::vector<VocabularyList>& lists;
  std::string_view what;
};

/// Reads the value of a rule's `event:` key for a rule with `extract: kind`. Every
/// problem is recorded at its place in the file (a rule with no `extract:`, unknown
/// keys, keys of the other kind of event, unknown statuses and acts, names that name no
/// party, unknown lists); nullopt when there was any.
std::optional<EventCondition> read_event_condition(const ConditionSource& source,
                                                   const YAML::Node& node, ExtractKind kind);

}  // namespace newsmon::rules::detail
