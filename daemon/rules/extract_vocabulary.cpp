#include "daemon/rules/extract_vocabulary.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <unordered_set>

#include <fmt/format.h>

#include "daemon/rules/flat_table.h"
#include "daemon/util/enum_names.h"
#include "daemon/util/spelling.h"
#include "daemon/util/tokenize.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::array<std::string_view, 7> k_roles{"supply",  "arrive",   "produce", "carry",
                                                  "acquire", "contract", "approve"};
constexpr std::array<std::string_view, 10> k_cues{
    "none",    "pledged",  "delivering", "delivered", "speculation",
    "ordered", "approved", "alleged",    "refused",   "requested"};
constexpr std::array<std::string_view, k_word_classes> k_classes{
    "to",           "prepositions", "fillers",        "heads",
    "units",        "including",    "forces",         "reporting",
    "travel",       "opposition",   "need_equipment", "transfer_nouns",
    "object_verbs", "made",         "export_nouns",   "use",
    "generic",      "company",      "destined",       "lifting",
    "urging",       "rivalry",      "state_titles",   "party_cues",
    "advice",       "embargo",      "goods",          "relative",
    "places",       "negations",    "onward",         "conflict",
    "commit",       "pronouns",     "finite"};

template <std::size_t N>
std::optional<std::size_t> index_of(const std::array<std::string_view, N>& names,
                                    std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return i;
  }
  return std::nullopt;
}

template <std::size_t N>
std::vector<std::string_view> names_of(const std::array<std::string_view, N>& names,
                                       std::size_t from = 0) {
  return {names.begin() + static_cast<std::ptrdiff_t>(from), names.end()};
}

// "did you mean 'x'?" for the closest name, else "use a, b or c".
std::string suggestion(std::string_view word, const std::vector<std::string_view>& names) {
  const auto closest = util::closest_spelling(word, names);
  if (!closest.empty()) return fmt::format("did you mean '{}'?", closest);
  return "use " + util::alternatives(names);
}

std::string_view canonical_entry(const VocabularyList& list) {
  std::string_view first = list.entries.front();
  if (first.starts_with("cased:")) first.remove_prefix(6);
  return first;
}

bool is_party_list(std::string_view name) {
  return (name.starts_with("state_") && name != "state_lookalikes") || name.starts_with("group_");
}

class ListIndex {
 public:
  explicit ListIndex(const std::vector<VocabularyList>& lists) {
    for (const auto& list : lists) m_by_name.emplace(list.name, &list);
  }
  const VocabularyList* find(std::string_view name) const {
    const auto it = m_by_name.find(std::string(name));
    return it == m_by_name.end() ? nullptr : it->second;
  }
  /// The list's words with "$other" entries replaced by the other list's words.
  std::vector<std::string> words(const VocabularyList& list) const {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    expand(list, out, seen);
    return out;
  }

 private:
  void expand(const VocabularyList& list, std::vector<std::string>& out,
              std::unordered_set<std::string>& seen) const {
    if (!seen.insert(list.name).second) return;  // the compiler reports cycles
    for (const auto& entry : list.entries) {
      if (!entry.starts_with('$')) {
        out.push_back(entry);
      } else if (const VocabularyList* other = find(std::string_view(entry).substr(1))) {
        expand(*other, out, seen);
      }
    }
  }

  std::unordered_map<std::string, const VocabularyList*> m_by_name;
};

util::Diagnostic error_at(const VocabularyList& list, std::string message) {
  util::Diagnostic diagnostic = list.where;
  diagnostic.message = fmt::format("list '{}': {}", list.name, std::move(message));
  return diagnostic;
}

}  // namespace

std::optional<TransferStatus> reported_status(Cue cue) {
  switch (cue) {
    case Cue::pledged: return TransferStatus::pledged;
    case Cue::delivering: return TransferStatus::delivering;
    case Cue::delivered: return TransferStatus::delivered;
    case Cue::ordered: return TransferStatus::ordered;
    case Cue::approved: return TransferStatus::approved;
    case Cue::alleged: return TransferStatus::alleged;
    case Cue::refused: return TransferStatus::refused;
    case Cue::requested: return TransferStatus::requested;
    case Cue::none:
    case Cue::speculation: break;
  }
  return std::nullopt;
}

std::shared_ptr<const Vocabulary> Vocabulary::build(const std::vector<VocabularyList>& lists,
                                                    std::vector<util::Diagnostic>& errors) {
  auto vocabulary = std::make_shared<Vocabulary>();
  const auto alliances = vocabulary->read_parties(lists);
  vocabulary->read_names(lists, alliances, errors);
  vocabulary->read_words(lists, errors);
  return vocabulary;
}

std::vector<const VocabularyList*> Vocabulary::read_parties(
    const std::vector<VocabularyList>& lists) {
  for (const auto& list : lists) {
    if (!is_party_list(list.name) || list.entries.empty()) continue;
    const bool state = list.name.starts_with("state_");
    if (state) m_state_keys.emplace(list.name.substr(6), id_at<PartyTag>(m_parties.size()));
    m_parties.push_back(
        Party{std::string(canonical_entry(list)), state ? PartyKind::state : PartyKind::group});
  }
  // Alliances come after states and groups, so those keep their places in the table.
  // They are the lists `alliances` includes, and the lists those include in turn; a list
  // whose first entry is another list only groups alliances ("alliance_other").
  std::vector<const VocabularyList*> alliances;
  const ListIndex index(lists);
  std::vector<std::string_view> pending{"alliances"};
  std::unordered_set<std::string_view> seen;
  while (!pending.empty()) {
    const VocabularyList* list = index.find(pending.front());
    pending.erase(pending.begin());
    if (!list || list->entries.empty() || !seen.insert(list->name).second) continue;
    if (list->name != "alliances" && !list->entries.front().starts_with('$')) {
      alliances.push_back(list);
      m_parties.push_back(Party{std::string(canonical_entry(*list)), PartyKind::alliance});
      continue;
    }
    for (const auto& entry : list->entries) {
      if (entry.starts_with('$')) pending.push_back(std::string_view(entry).substr(1));
    }
  }
  return alliances;
}

void Vocabulary::add_name(std::string_view entry, NameInfo info) {
  if (entry.starts_with('$')) return;
  m_names.add(entry, static_cast<std::uint32_t>(m_name_infos.size()));
  m_name_infos.push_back(info);
}

void Vocabulary::read_names(const std::vector<VocabularyList>& lists,
                            const std::vector<const VocabularyList*>& alliances,
                            std::vector<util::Diagnostic>& errors) {
  m_exporters.assign(m_parties.size(), false);
  const ListIndex index(lists);
  std::size_t next_party = 0;
  for (const auto& list : lists) {
    const std::string_view name = list.name;
    std::optional<NameInfo> info;
    if (is_party_list(name) && !list.entries.empty()) {
      info = NameInfo{NameKind::party, id_at<PartyTag>(next_party++)};
    } else if (name.starts_with("systems_") || name.starts_with("makers_")) {
      const std::string key(name.substr(name.find('_') + 1));
      const auto state = m_state_keys.find(key);
      if (state == m_state_keys.end()) {
        errors.push_back(
            error_at(list, fmt::format("no list state_{} for the state that makes these", key)));
        continue;
      }
      m_exporters[state->second.index()] = true;
      info = NameInfo{name.starts_with("systems_") ? NameKind::system : NameKind::maker,
                      state->second};
    } else if (name.starts_with("equipment_")) {
      info = NameInfo{NameKind::equipment, std::nullopt};
    } else if (name == "state_lookalikes") {
      // "South China Sea" is not China: the phrase is read and ignored.
      info = NameInfo{NameKind::lookalike, std::nullopt};
    } else if (name == "weapon_lookalikes" || name == "weapon_namesakes") {
      // A "think tank" is no tank, and what is sent when a "water bomber" is sent is no arms.
      info = NameInfo{NameKind::non_weapon, std::nullopt};
      if (name == "weapon_namesakes") {
        for (const auto& entry : list.entries) m_namesakes.add(entry, 0);
      }
    }
    if (!info) continue;
    // A state's list may include others ("$leaders_france"): their names are the state's.
    if (info->kind == NameKind::party) {
      for (const auto& entry : index.words(list)) add_name(entry, *info);
    } else {
      for (const auto& entry : list.entries) add_name(entry, *info);
    }
  }
  for (const VocabularyList* alliance : alliances) {
    const PartyId id = id_at<PartyTag>(next_party++);
    for (const auto& entry : alliance->entries) add_name(entry, NameInfo{NameKind::party, id});
  }
}

void Vocabulary::read_words(const std::vector<VocabularyList>& lists,
                            std::vector<util::Diagnostic>& errors) {
  const ListIndex index(lists);
  for (const auto& list : lists) {
    const std::string_view name = list.name;
    if (name == "verbs_lookalikes") {
      for (const auto& word : index.words(list)) m_verbs.add(word, k_not_a_verb);
    } else if (name.starts_with("verbs_")) {
      read_verbs(list, index.words(list), errors);
    } else if (name.starts_with("cues_")) {
      read_cues(list, index.words(list), errors);
    } else if (name.starts_with("words_")) {
      read_class(list, index.words(list), errors);
    } else if (name.starts_with("acts_")) {
      read_acts(list, index.words(list), errors);
    }
  }
}

void Vocabulary::read_verbs(const VocabularyList& list, const std::vector<std::string>& words,
                            std::vector<util::Diagnostic>& errors) {
  const std::string_view rest = std::string_view(list.name).substr(6);
  const auto split = rest.find('_');
  const std::string_view role = rest.substr(0, split);
  const std::string_view status = split == std::string_view::npos ? "" : rest.substr(split + 1);
  const auto role_index = index_of(k_roles, role);
  const auto status_index = index_of(k_cues, status);
  if (!role_index) {
    return errors.push_back(error_at(list, fmt::format("'{}' is not a role of transfer words: {}",
                                                       role, suggestion(role, names_of(k_roles)))));
  }
  if (!status_index || *status_index == 0 || k_cues[*status_index] == "speculation") {
    auto statuses = names_of(k_cues, 1);
    std::erase(statuses, "speculation");
    return errors.push_back(
        error_at(list, fmt::format("a transfer word list is named verbs_{}_<status>: '{}' is not "
                                   "a status: {}",
                                   role, status, suggestion(status, statuses))));
  }
  const auto value = static_cast<std::uint32_t>(m_verb_infos.size());
  m_verb_infos.push_back(VerbInfo{static_cast<Role>(*role_index), static_cast<Cue>(*status_index)});
  for (const auto& word : words) m_verbs.add(word, value);
}

void Vocabulary::read_cues(const VocabularyList& list, const std::vector<std::string>& words,
                           std::vector<util::Diagnostic>& errors) {
  const std::string_view status = std::string_view(list.name).substr(5);
  const auto status_index = index_of(k_cues, status);
  if (!status_index || *status_index == 0) {
    return errors.push_back(
        error_at(list, fmt::format("'{}' is not a status cue words can give: {}", status,
                                   suggestion(status, names_of(k_cues, 1)))));
  }
  for (const auto& word : words) m_cues.add(word, static_cast<std::uint32_t>(*status_index));
}

void Vocabulary::read_class(const VocabularyList& list, const std::vector<std::string>& words,
                            std::vector<util::Diagnostic>& errors) {
  const std::string_view word_class = std::string_view(list.name).substr(6);
  const auto class_index = index_of(k_classes, word_class);
  if (!class_index) {
    return errors.push_back(
        error_at(list, fmt::format("'{}' is not a word class of the extractor: {}", word_class,
                                   suggestion(word_class, names_of(k_classes)))));
  }
  const WordClasses bits = bit(static_cast<WordClass>(*class_index));
  for (const auto& word : words) {
    const std::string_view body =
        word.ends_with('*') ? std::string_view(word).substr(0, word.size() - 1) : word;
    const auto tokens = util::tokenize(body, util::JoinedForms::skip);
    if (tokens.size() != 1) {
      errors.push_back(error_at(list, fmt::format("'{}': a word class holds single words", word)));
    } else if (word.ends_with('*')) {
      m_class_prefixes.emplace_back(tokens.front().folded, bits);
    } else {
      const std::uint32_t id = m_lexicon->add(tokens.front().folded);
      if (m_classes.size() <= id) m_classes.resize(id + 1, 0);
      m_classes[id] |= bits;
    }
  }
}

void Vocabulary::read_acts(const VocabularyList& list, const std::vector<std::string>& words,
                           std::vector<util::Diagnostic>& errors) {
  const std::string_view name = std::string_view(list.name).substr(5);
  const auto act = k_act_names.find(name);
  if (!act) {
    return errors.push_back(error_at(list, fmt::format("'{}' is not an alliance act: {}", name,
                                                       suggestion(name, k_act_names.names()))));
  }
  for (const auto& word : words) m_acts.add(word, static_cast<std::uint32_t>(*act));
}

std::optional<std::string> Vocabulary::missing(ExtractKind kind) const {
  const bool transfers = kind == ExtractKind::arms_transfer;
  if (kind == ExtractKind::none || (transfers ? reads_transfers() : reads_alliances())) {
    return std::nullopt;
  }
  return fmt::format(
      "extract: {} reads the extractor's vocabulary from the rule set's lists (state_*, {}), "
      "and they are not loaded: load rules/lists/ with these rules",
      extract_kind_name(kind), transfers ? "verbs_*" : "acts_*");
}

WordClasses Vocabulary::classes(std::string_view folded) const {
  return classes(m_lexicon->find(folded), folded);
}

WordClasses Vocabulary::classes(std::uint32_t word, std::string_view folded) const {
  WordClasses bits = word < m_classes.size() ? m_classes[word] : 0;
  for (const auto& [prefix, prefix_bits] : m_class_prefixes) {
    // Most words differ in the first byte; the comparison is not called for them.
    if (!folded.empty() && folded.front() == prefix.front() && folded.starts_with(prefix)) {
      bits |= prefix_bits;
    }
  }
  return bits;
}

std::uint64_t Vocabulary::next_generation() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

void Vocabulary::look_up(std::span<const util::TokenView> tokens, LexiconWords& ids,
                         std::vector<WordClasses>& classes) const {
  // Distinct words remembered before starting over (a busy news day's), and the longest.
  constexpr std::size_t k_limit = 50'000;
  constexpr std::size_t k_longest = 64;
  struct Remembered {
    std::uint64_t generation = 0;
    /// A word to its number, its first bytes' number and the two halves of its classes.
    TextCache words;
    std::vector<std::uint32_t> entry;
  };
  thread_local Remembered remembered;
  if (remembered.generation != m_generation || remembered.words.size() >= k_limit) {
    remembered.words.clear();
    remembered.generation = m_generation;
  }
  ids.words.resize(tokens.size());
  ids.keys.resize(tokens.size());
  classes.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view folded = tokens[i].folded;
    const std::uint64_t hash = folded.size() <= k_longest ? hash_text(folded) : 0;
    TextCache::Entry found;
    if (hash != 0 && remembered.words.find(folded, hash, found)) {
      ids.words[i] = found.ids[0];
      ids.keys[i] = found.ids[1];
      classes[i] = found.ids[2] | (WordClasses{found.ids[3]} << 32);
      continue;
    }
    ids.words[i] = m_lexicon->find(folded);
    ids.keys[i] = m_lexicon->find_key(folded);
    classes[i] = this->classes(ids.words[i], folded);
    if (hash == 0) continue;
    remembered.entry.assign({ids.words[i], ids.keys[i], static_cast<std::uint32_t>(classes[i]),
                             static_cast<std::uint32_t>(classes[i] >> 32)});
    remembered.words.add(folded, hash, remembered.entry, false);
  }
}

std::vector<PartyId> Vocabulary::parties_named(std::string_view text) const {
  if (text.starts_with("cased:")) text.remove_prefix(6);
  const auto tokens = util::tokenize(text, util::JoinedForms::skip);
  std::vector<PartyId> found;
  for (const PhraseMatch& match : m_names.find(text, tokens)) {
    const NameInfo& info = name(match.value);
    if (match.begin == 0 && match.end == tokens.size() && info.kind == NameKind::party) {
      found.push_back(*info.party);
    }
  }
  return found;
}

}  // namespace newsmon::rules::detail
