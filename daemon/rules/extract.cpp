// Arms transfers across a story: the candidates of each sentence are merged when they
// describe one transfer, completed from the rest of the story when a side is missing,
// and turned into events, one per supplier and recipient.

#include "daemon/rules/extract.h"

#include <algorithm>
#include <array>
#include <deque>
#include <span>

#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules {

util::Result<ExtractKind> parse_extract_kind(std::string_view text) {
  return k_extract_kind_names.parse(text);
}

const char* extract_kind_name(ExtractKind kind) {
  return k_extract_kind_names.name_of(kind);
}

}  // namespace newsmon::rules

namespace newsmon::rules::detail {
namespace {

// Bounds that keep extraction linear and small whatever the story.
constexpr std::size_t k_max_events = 16;

bool shares(const PartyList& a, const PartyList& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](PartyId p) { return std::find(b.begin(), b.end(), p) != b.end(); });
}

bool complete(const Candidate& candidate) {
  return !candidate.suppliers.empty() && !candidate.recipients.empty();
}

// The one party of `among` that is not in `except`; none when none or several.
std::optional<PartyId> only_other(const PartyList& among, const PartyList& except) {
  std::optional<PartyId> found;
  for (const PartyId party : among) {
    if (std::find(except.begin(), except.end(), party) != except.end() || party == found) continue;
    if (found) return std::nullopt;
    found = party;
  }
  return found;
}

template <typename... Lists>
std::optional<PartyId> first_only_other(const PartyList& except, const Lists&... lists) {
  std::optional<PartyId> found;
  ((found = found ? found : only_other(lists, except)), ...);
  return found;
}

class TransferStory {
 public:
  explicit TransferStory(const Vocabulary& vocabulary) : m_vocabulary(vocabulary) {}

  std::vector<Event> read(const StorySentences& story) {
    for (std::size_t f = 0; f < story.texts.size(); ++f) {
      for (const auto& words : story.field(f)) {
        add_namesake_words(m_vocabulary, story.texts[f], words, m_namesakes);
      }
    }
    read_field(story.texts[0], story.field(0));
    const PartyList title_parties = m_parties.named;
    read_field(story.texts[1], story.field(1));
    read_field(story.texts[2], story.field(2));
    auto merged = merge(std::move(m_candidates));
    complete_from_story(merged, title_parties);
    drop_sold_at_home(merged);
    // A transfer word with one party and no equipment counts only once completed.
    std::erase_if(merged, [](const Candidate& c) { return !complete(c) && c.system.empty(); });
    return to_events(merge(std::move(merged)));
  }

 private:
  // "France orders 42 more Rafales" / "placed an order with Dassault": a seller with no
  // buyer, in a story read elsewhere as that seller buying its own, sells at home.
  void drop_sold_at_home(std::vector<Candidate>& candidates) const {
    const PartyList& home = m_parties.domestic;
    std::erase_if(candidates, [&](const Candidate& c) {
      return c.recipients.empty() && !c.suppliers.empty() &&
             std::all_of(c.suppliers.begin(), c.suppliers.end(), [&](PartyId p) {
               return std::find(home.begin(), home.end(), p) != home.end();
             });
    });
  }

  void read_field(std::string_view text, std::span<const SentenceWords> sentences) {
    for (const auto& words : sentences) {
      const Sentence sentence(m_vocabulary, text, words, Reading::transfers, m_namesakes);
      for (auto& candidate : read_transfers(sentence, &m_parties)) {
        m_candidates.push_back(std::move(candidate));
      }
    }
  }

  // The words of a system name that say which one it is ("Stingers": "stinger"). Merging
  // asks again and again for the few names of a story: each is read once.
  const std::vector<std::string>& specific_words(const std::string& system) const {
    for (const auto& [name, words] : m_specific) {
      if (name == system) return words;
    }
    auto& [name, words] = m_specific.emplace_back(system, std::vector<std::string>());
    thread_local util::TokenBuffer tokens;
    util::tokenize_into(system, tokens, util::JoinedForms::skip);
    for (const auto& token : tokens.tokens) {
      const std::string_view folded = tokens.folded_of(token);
      if (m_vocabulary.classes(folded) & bit(WordClass::generic)) continue;
      std::string word(folded);
      if (word.size() > 3 && word.back() == 's') word.pop_back();
      words.push_back(std::move(word));
    }
    return words;
  }

  bool same_equipment(const std::string& a, const std::string& b) const {
    const auto& left = specific_words(a);
    const auto& right = specific_words(b);
    return std::any_of(left.begin(), left.end(), [&](const std::string& word) {
      return std::find(right.begin(), right.end(), word) != right.end();
    });
  }

  bool compatible(const std::string& a, const std::string& b) const {
    if (a.empty() || b.empty() || specific_words(a).empty() || specific_words(b).empty()) {
      return true;
    }
    return same_equipment(a, b);
  }

  // Whether two names end in the same noun ("Challenger 2 tanks", "main battle tanks").
  static bool same_head(const std::string& a, const std::string& b) {
    thread_local util::TokenBuffer left;
    thread_local util::TokenBuffer right;
    util::tokenize_into(a, left, util::JoinedForms::skip);
    util::tokenize_into(b, right, util::JoinedForms::skip);
    return !left.tokens.empty() && !right.tokens.empty() &&
           left.folded_of(left.tokens.back()) == right.folded_of(right.tokens.back());
  }

  void fill(Candidate& into, const Candidate& from) const {
    if (into.suppliers.empty()) into.suppliers = from.suppliers;
    if (into.recipients.empty()) into.recipients = from.recipients;
    // A name beats a class: "jets" becomes "F-35A fighters" when a later sentence says so.
    if (into.system.empty() ||
        (specific_words(into.system).empty() && !specific_words(from.system).empty())) {
      into.system = from.system;
      if (from.quantity) into.quantity = from.quantity;
    }
    // "Challenger 2 tanks" then "14 main battle tanks": a count of the same kind of thing.
    if (!into.quantity &&
        (same_equipment(into.system, from.system) ||
         (specific_words(from.system).empty() && same_head(into.system, from.system)))) {
      into.quantity = from.quantity;
    }
    if (into.status == Cue::none) into.status = from.status;
  }

  bool same_transfer(const Candidate& existing, const Candidate& candidate) const {
    const bool same_sides = (candidate.suppliers.empty() || existing.suppliers.empty() ||
                             shares(candidate.suppliers, existing.suppliers)) &&
                            (candidate.recipients.empty() || existing.recipients.empty() ||
                             shares(candidate.recipients, existing.recipients));
    // Two halves of one transfer ("?" to Kyiv, Germany to "?") join when they name the
    // same equipment.
    const bool halves = !complete(candidate) && !complete(existing) &&
                        candidate.suppliers.empty() != existing.suppliers.empty() &&
                        (same_equipment(candidate.system, existing.system) ||
                         (compatible(candidate.system, existing.system) &&
                          !candidate.system.empty() && !existing.system.empty()));
    const bool overlap = shares(candidate.suppliers, existing.suppliers) ||
                         shares(candidate.recipients, existing.recipients) ||
                         (complete(candidate) != complete(existing)) || halves;
    return same_sides && overlap && compatible(existing.system, candidate.system);
  }

  /// Folds candidates that describe the same transfer into one, keeping the first.
  std::vector<Candidate> merge(std::vector<Candidate> candidates) const {
    std::vector<Candidate> merged;
    for (auto& candidate : candidates) {
      if (candidate.status == Cue::speculation) continue;
      // A count with no parties ("one IRIS-T SLM system had been delivered") only
      // completes the transfer of the same named equipment.
      if (candidate.suppliers.empty() && candidate.recipients.empty()) {
        for (auto& existing : merged) {
          if (!existing.quantity && same_equipment(existing.system, candidate.system)) {
            existing.quantity = candidate.quantity;
            break;
          }
        }
        continue;
      }
      const auto into = std::find_if(merged.begin(), merged.end(), [&](const Candidate& existing) {
        return same_transfer(existing, candidate);
      });
      if (into != merged.end()) {
        fill(*into, candidate);
      } else {
        merged.push_back(std::move(candidate));
      }
    }
    std::stable_partition(merged.begin(), merged.end(), complete);
    return merged;
  }

  /// Gives a transfer that names its supplier but whose recipient is too far from the
  /// transfer word the one other party the story can mean: the one other party of the
  /// title, else the recipient of the story's other transfers, else of the whole story.
  /// A missing supplier is the one maker of the story's equipment, else the one other
  /// party of the title or the story that makes arms. A pair the story reports the other
  /// way round is not completed to.
  void complete_from_story(std::vector<Candidate>& candidates,
                           const PartyList& title_parties) const {
    PartyList recipients;
    for (const auto& candidate : candidates) {
      if (complete(candidate)) {
        recipients.insert(recipients.end(), candidate.recipients.begin(),
                          candidate.recipients.end());
      }
    }
    // The transfers the story states whole, as they are before any is completed (those
    // are left as they are below).
    boost::container::small_vector<std::size_t, 16> stated;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (complete(candidates[i])) stated.push_back(i);
    }
    const auto reversed = [&](PartyId supplier, PartyId recipient) {
      return std::any_of(stated.begin(), stated.end(), [&](std::size_t i) {
        return shares(candidates[i].suppliers, {recipient}) &&
               shares(candidates[i].recipients, {supplier});
      });
    };
    for (auto& candidate : candidates) {
      if (complete(candidate)) continue;
      if (candidate.recipients.empty()) {
        const auto party =
            first_only_other(candidate.suppliers, title_parties, recipients, m_parties.named);
        if (party && !reversed(candidate.suppliers.front(), *party))
          candidate.recipients = {*party};
      } else if (candidate.suppliers.empty()) {
        const auto party = first_only_other(candidate.recipients, m_parties.makers, title_parties,
                                            m_parties.named);
        if (party && m_vocabulary.exporter(*party) &&
            !reversed(*party, candidate.recipients.front())) {
          candidate.suppliers = {*party};
        }
      }
    }
  }

  std::string name_of(std::optional<PartyId> party) const {
    return party ? m_vocabulary.party(*party).canonical : std::string();
  }

  /// The parties of one side of a candidate, or one unnamed party.
  using Sides = boost::container::small_vector<std::optional<PartyId>, 4>;

  std::vector<Event> to_events(const std::vector<Candidate>& candidates) const {
    std::vector<Event> events;
    for (const auto& candidate : candidates) {
      // One event per supplier–recipient pair, so each names one state on each side.
      Sides suppliers(candidate.suppliers.begin(), candidate.suppliers.end());
      Sides recipients(candidate.recipients.begin(), candidate.recipients.end());
      if (suppliers.empty()) suppliers.emplace_back();
      if (recipients.empty()) recipients.emplace_back();
      for (const auto supplier : suppliers) {
        for (const auto recipient : recipients) {
          if (events.size() >= k_max_events) return events;
          if (supplier && supplier == recipient) continue;
          Event event;
          event.supplier = name_of(supplier);
          event.recipient = name_of(recipient);
          event.system = candidate.system;
          event.quantity = candidate.quantity;
          event.status = reported_status(candidate.status).value_or(TransferStatus::pledged);
          events.push_back(std::move(event));
        }
      }
    }
    return events;
  }

  const Vocabulary& m_vocabulary;
  std::vector<Candidate> m_candidates;
  SentenceParties m_parties;
  std::vector<std::string> m_namesakes;  ///< the words of the namesakes the story names
  /// The specific words of the system names read so far (stable references).
  mutable std::deque<std::pair<std::string, std::vector<std::string>>> m_specific;
};

}  // namespace

std::vector<Event> extract_transfers(const Vocabulary& vocabulary, const StorySentences& story) {
  if (!vocabulary.reads_transfers()) return {};
  return TransferStory(vocabulary).read(story);
}

std::vector<Event> extract_events(const Vocabulary& vocabulary, ExtractKind kind,
                                  const Story& story) {
  if (kind == ExtractKind::none) return {};
  return extract_events(vocabulary, kind, split_story(vocabulary, story));
}

std::vector<Event> extract_events(const Vocabulary& vocabulary, ExtractKind kind,
                                  const StorySentences& story) {
  switch (kind) {
    case ExtractKind::arms_transfer: return extract_transfers(vocabulary, story);
    case ExtractKind::alliance_diplomacy: return extract_alliance_events(vocabulary, story);
    case ExtractKind::none: break;
  }
  return {};
}

}  // namespace newsmon::rules::detail
