#include "daemon/rules/event_condition.h"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "daemon/util/enum_names.h"
#include "daemon/util/spelling.h"
#include "daemon/util/text.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::array<std::string_view, 5> k_transfer_keys{"supplier", "recipient", "system",
                                                          "status", "not"};
constexpr std::array<std::string_view, 4> k_alliance_keys{"parties", "act", "place", "not"};
template <std::size_t N>
bool among(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The candidate closest to `word`, when it is a likely misspelling of one; empty otherwise.
std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return std::string(util::closest_spelling(word, views));
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string stated(const std::string& name) {
  return name.empty() ? "not stated" : name;
}

}  // namespace

/// Reads one `event:` mapping; every problem goes to the errors.
class EventConditionReader {
 public:
  EventConditionReader(const ConditionSource& source, ExtractKind kind)
      : m_source(source), m_kind(kind) {}

  std::optional<EventCondition> read(const YAML::Node& node, bool nested = false) {
    const auto errors_before = m_source.file.error_count();
    EventCondition condition;
    if (m_kind == ExtractKind::none) {
      error(node,
            "an event condition needs `extract:` (arms_transfer or alliance_diplomacy) to say "
            "which events it is about");
      return std::nullopt;
    }
    if (!node.IsNull() && !node.IsMap()) {
      error(node, "event: must be a mapping, as in {supplier: $state_germany, status: [pledged]}");
      return std::nullopt;
    }
    std::vector<std::string> written;
    std::set<std::string> seen;
    for (const auto& item : node) {
      const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
      if (!known_key(item.first, key, nested) || !seen.insert(key).second) {
        if (!key.empty() && seen.count(key))
          error(item.first, fmt::format("duplicate key '{}'", key));
        continue;
      }
      read_key(condition, key, item.second);
      written.push_back(fmt::format("{}: {}", key, describe(item.second)));
    }
    condition.m_text = fmt::format("{{{}}}", util::join(written, ", "));
    if (m_source.file.error_count() != errors_before) return std::nullopt;
    return condition;
  }

 private:
  void error(const YAML::Node& node, std::string_view message) {
    m_source.file.error(node, fmt::format("{}: event: {}", m_source.what, message));
  }

  bool transfer() const { return m_kind == ExtractKind::arms_transfer; }

  bool known_key(const YAML::Node& node, const std::string& key, bool nested) {
    const bool mine = transfer() ? among(k_transfer_keys, key) : among(k_alliance_keys, key);
    if (mine && !(nested && key == "not")) return true;
    if (nested && key == "not") {
      error(node, "not: cannot hold another not:");
    } else if (among(k_transfer_keys, key) || among(k_alliance_keys, key)) {
      error(node, fmt::format("'{}' is a key of {} events, and this rule extracts {} (keys: {})",
                              key, transfer() ? "alliance_diplomacy" : "arms_transfer",
                              extract_kind_name(m_kind), keys()));
    } else {
      const std::vector<std::string_view> all =
          transfer()
              ? std::vector<std::string_view>(k_transfer_keys.begin(), k_transfer_keys.end())
              : std::vector<std::string_view>(k_alliance_keys.begin(), k_alliance_keys.end());
      error(node, util::unknown_name_message("key", key, all));
    }
    return false;
  }

  std::string keys() const {
    return transfer() ? "supplier, recipient, system, status, not" : "parties, act, place, not";
  }

  void read_key(EventCondition& condition, const std::string& key, const YAML::Node& value) {
    if (key == "supplier") condition.m_supplier = names(value);
    if (key == "recipient") condition.m_recipient = names(value);
    if (key == "place") condition.m_place = names(value);
    if (key == "system") condition.m_system = systems(value);
    if (key == "status") condition.m_statuses = named(value, k_status_names);
    if (key == "act") condition.m_acts = named(value, k_act_names);
    if (key == "parties") condition.m_parties = party_groups(value);
    if (key == "not") {
      if (auto negated = read(value, true)) {
        condition.m_negated = std::make_shared<EventCondition>(std::move(*negated));
      }
    }
  }

  // The values of a key: one text, or a list of texts.
  std::vector<std::pair<std::string, YAML::Node>> values(const YAML::Node& node) {
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (node.IsScalar()) {
      out.emplace_back(node.Scalar(), node);
      return out;
    }
    if (!node.IsSequence()) {
      error(node, "a condition's value is a name, a $list or a list of them, as in [ukraine]");
      return out;
    }
    for (const auto& item : node) {
      if (item.IsScalar()) {
        out.emplace_back(item.Scalar(), item);
      } else {
        error(item, "each entry must be a name or a $list");
      }
    }
    return out;
  }

  const std::vector<std::string>* entries(std::string_view name) const {
    for (const auto& list : m_source.lists) {
      if (list.name == name) return &list.entries;
    }
    return nullptr;
  }

  // The words of a "$list" value, lists included in it expanded; null when unknown.
  std::optional<std::vector<std::string>> list_words(std::string_view name,
                                                     const YAML::Node& node) {
    if (!entries(name)) {
      std::vector<std::string> names;
      for (const auto& list : m_source.lists) names.push_back(list.name);
      const std::string near = closest(name, names);
      error(node, near.empty()
                      ? fmt::format("unknown list '${}'", name)
                      : fmt::format("unknown list '${}': did you mean '${}'?", name, near));
      return std::nullopt;
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    expand(name, out, seen);
    return out;
  }

  void expand(std::string_view name, std::vector<std::string>& out,
              std::set<std::string>& seen) const {
    const std::vector<std::string>* words = entries(name);
    if (!words || !seen.insert(std::string(name)).second) return;  // the compiler reports cycles
    for (const auto& entry : *words) {
      if (entry.starts_with('$')) {
        expand(std::string_view(entry).substr(1), out, seen);
      } else {
        out.push_back(entry);
      }
    }
  }

  void add_parties(const std::vector<PartyId>& parties, std::vector<std::string>& accepted) const {
    for (const PartyId party : parties) {
      const std::string& name = m_source.vocabulary.party(party).canonical;
      if (!has(accepted, name)) accepted.push_back(name);
    }
  }

  std::string party_hint(std::string_view text) const {
    std::vector<std::string> names;
    for (const Party& party : m_source.vocabulary.parties()) {
      names.push_back(util::to_lower_ascii(party.canonical));
    }
    const std::string near = closest(util::to_lower_ascii(text), names);
    return near.empty() ? "" : fmt::format(": did you mean '{}'?", near);
  }

  std::optional<EventCondition::Names> names(const YAML::Node& node) {
    EventCondition::Names out;
    out.written = describe(node);
    for (const auto& [text, item] : values(node)) {
      if (text.starts_with('$')) {
        const auto words = list_words(std::string_view(text).substr(1), item);
        if (!words) continue;
        const auto before = out.accepted.size();
        for (const auto& word : *words)
          add_parties(m_source.vocabulary.parties_named(word), out.accepted);
        if (out.accepted.size() == before) {
          error(item, fmt::format("list '{}' names no state, armed group or alliance", text));
        }
        continue;
      }
      const auto parties = m_source.vocabulary.parties_named(text);
      if (parties.empty()) {
        error(item, fmt::format("'{}' names no state, armed group or alliance of the lists{}", text,
                                party_hint(text)));
      }
      add_parties(parties, out.accepted);
    }
    return out;
  }

  std::optional<EventCondition::PartyGroups> party_groups(const YAML::Node& node) {
    EventCondition::PartyGroups out;
    // [a, b]: one of them takes part; [[a], [b, c]]: a takes part, and b or c.
    const bool grouped = node.IsSequence() && node.size() > 0 && node[0].IsSequence();
    if (!grouped) {
      if (auto group = names(node)) out.groups.push_back(std::move(*group));
      return out;
    }
    for (const auto& item : node) {
      if (auto group = names(item)) out.groups.push_back(std::move(*group));
    }
    return out;
  }

  std::optional<EventCondition::Systems> systems(const YAML::Node& node) {
    EventCondition::Systems out;
    out.written = describe(node);
    for (const auto& [text, item] : values(node)) {
      if (!text.starts_with('$')) {
        out.phrases.add(text, 0);
        continue;
      }
      if (const auto words = list_words(std::string_view(text).substr(1), item)) {
        for (const auto& word : *words) out.phrases.add(word, 0);
      }
    }
    return out;
  }

  // The values of a key that names an enum's values ("status: [pledged]").
  template <typename Enum, std::size_t N>
  std::vector<Enum> named(const YAML::Node& node, const util::EnumNames<Enum, N>& names) {
    std::vector<Enum> out;
    for (const auto& [text, item] : values(node)) {
      if (const auto value = names.parse(text)) {
        out.push_back(*value);
      } else {
        error(item, value.error().message);
      }
    }
    return out;
  }

  static std::string describe(const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    std::vector<std::string> parts;
    if (node.IsSequence()) {
      for (const auto& item : node) parts.push_back(describe(item));
      return fmt::format("[{}]", util::join(parts, ", "));
    }
    if (node.IsMap()) {
      for (const auto& item : node) {
        parts.push_back(describe(item.first) + ": " + describe(item.second));
      }
      return fmt::format("{{{}}}", util::join(parts, ", "));
    }
    return "";
  }

  const ConditionSource& m_source;
  ExtractKind m_kind;
};

std::optional<EventCondition> read_event_condition(const ConditionSource& source,
                                                   const YAML::Node& node, ExtractKind kind) {
  return EventConditionReader(source, kind).read(node);
}

std::string EventCondition::unmet(const Event& event) const {
  if (m_supplier && !has(m_supplier->accepted, event.supplier)) {
    return fmt::format("supplier is {}, not {}", stated(event.supplier), m_supplier->written);
  }
  if (m_recipient && !has(m_recipient->accepted, event.recipient)) {
    return fmt::format("recipient is {}, not {}", stated(event.recipient), m_recipient->written);
  }
  if (m_system &&
      m_system->phrases.find(event.system, util::tokenize(event.system, util::JoinedForms::skip))
          .empty()) {
    return fmt::format("system is {}, not {}", stated(event.system), m_system->written);
  }
  if (!m_statuses.empty() &&
      std::find(m_statuses.begin(), m_statuses.end(), event.status) == m_statuses.end()) {
    return fmt::format("status is {}", status_name(event.status));
  }
  if (m_parties) {
    for (const Names& group : m_parties->groups) {
      if (std::none_of(event.parties.begin(), event.parties.end(),
                       [&](const std::string& party) { return has(group.accepted, party); })) {
        return fmt::format("parties are {}, none of {}",
                           event.parties.empty() ? "not stated" : util::join(event.parties, ", "),
                           group.written);
      }
    }
  }
  if (!m_acts.empty() && std::find(m_acts.begin(), m_acts.end(), event.act) == m_acts.end()) {
    return fmt::format("act is {}", act_name(event.act));
  }
  if (m_place && !has(m_place->accepted, event.place)) {
    return fmt::format("place is {}, not {}", stated(event.place), m_place->written);
  }
  return {};
}

bool EventCondition::met_by(const Event& event) const {
  return why_not(event).empty();
}

std::string EventCondition::why_not(const Event& event) const {
  std::string reason = unmet(event);
  if (reason.empty() && m_negated && m_negated->unmet(event).empty()) {
    reason = "it meets not: " + m_negated->text();
  }
  return reason;
}

}  // namespace newsmon::rules::detail
