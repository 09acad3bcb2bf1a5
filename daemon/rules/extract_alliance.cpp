// Alliance events across a story: in each sentence with an act word (acts_<act> lists:
// "summit", "treaty", "joins", "expels", "quits"...), the act, the parties the sentence
// names (states, armed groups, alliances) and the place ("in Vilnius", "visits Kyiv").
// Events with the same act are one event; the title's come first.

#include <algorithm>
#include <array>

#include "daemon/rules/extract.h"
#include "daemon/rules/extract_roles.h"
#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::size_t k_max_events = 4;
constexpr std::size_t k_max_parties = 8;

// When a sentence has several act words, the most telling one names the act: a treaty
// signed at a summit is a treaty, a membership path declared at a summit an accession.
constexpr std::array<AllianceAct, 8> k_precedence{
    AllianceAct::withdrawal, AllianceAct::expulsion, AllianceAct::accession, AllianceAct::treaty,
    AllianceAct::pact,       AllianceAct::guarantee, AllianceAct::visit,     AllianceAct::summit};

std::size_t rank(AllianceAct act) {
  return static_cast<std::size_t>(std::find(k_precedence.begin(), k_precedence.end(), act) -
                                  k_precedence.begin());
}

struct AllianceCandidate {
  AllianceAct act = AllianceAct::summit;
  PartyList parties;  ///< in the order the story names them
  std::optional<PartyId> place;
};

void add_party(PartyList& parties, PartyId party) {
  if (parties.size() < k_max_parties &&
      std::find(parties.begin(), parties.end(), party) == parties.end()) {
    parties.push_back(party);
  }
}

class AllianceSentence {
 public:
  explicit AllianceSentence(const Sentence& sentence) : m_s(sentence), m_roles(sentence) {}

  /// The sentence's event, given its act words.
  std::optional<AllianceCandidate> read(const std::vector<PhraseMatch>& acts) const {
    if (acts.empty()) return std::nullopt;
    const auto best = std::min_element(acts.begin(), acts.end(), [&](const auto& a, const auto& b) {
      return weight(a) < weight(b);
    });
    AllianceCandidate candidate;
    candidate.act = static_cast<AllianceAct>(best->value);
    const auto place = place_of(*best, candidate.act);
    if (place) candidate.place = m_s.mention(*place).party;
    for (std::size_t m = 0; m < m_s.mentions().size(); ++m) {
      const Mention& mention = m_s.mentions()[m];
      if (mention.maker || (place && place->index() == m)) continue;
      // The later stops of a trip are not parties of the visit.
      if (candidate.act == AllianceAct::visit && later_leg(mention)) continue;
      add_party(candidate.parties, mention.party);
    }
    return candidate;
  }

 private:
  // The act's rank, after every main-clause act when it opens a clause after a comma in
  // "-ing" ("joined NATO, leaving behind neutrality": an accession).
  std::size_t weight(const PhraseMatch& act) const {
    const bool aside = m_s.gap(act.begin).find(',') != std::string_view::npos &&
                       m_s.word(act.begin).ends_with("ing");
    return rank(static_cast<AllianceAct>(act.value)) + (aside ? k_precedence.size() : 0);
  }

  // "in Vilnius", "at the summit in Madrid"; for a visit also "visits Kyiv", "a trip to
  // Seoul". Only a state is a place.
  std::optional<MentionId> place_of(const PhraseMatch& act, AllianceAct kind) const {
    if (kind == AllianceAct::visit) {
      const auto visited = m_s.mention_at(act.end);
      if (visited && is_state(*visited)) return visited;
      const auto to = m_roles.place_after(act.end - 1);
      if (to && is_state(*to) && !later_leg(m_s.mention(*to))) return to;
    }
    for (std::uint32_t i = 0; i + 1 < m_s.size(); ++i) {
      if (m_s.word(i) != "in" && m_s.word(i) != "at") continue;
      const auto found = m_roles.mention_after_cue(i);
      if (!found || !is_state(*found)) continue;
      const Mention& mention = m_s.mention(*found);
      if (!m_roles.possessive(mention) && !later_leg(mention)) return found;
    }
    return std::nullopt;
  }

  // "a trip that continues to Japan", "before heading to Tokyo", "a stop in Manila": a
  // place after an onward word and a preposition (and fillers) is a later leg of the trip,
  // not where it is now ("continued US support" names no place).
  bool later_leg(const Mention& mention) const {
    bool cue = false;
    for (std::uint32_t i = mention.begin; i > 0 && mention.begin - i < 4;) {
      --i;
      if (cue && m_s.is(WordClass::onward, i)) return true;
      if (m_s.is(WordClass::prepositions, i)) {
        cue = true;
      } else if (!m_s.is(WordClass::fillers, i)) {
        return false;
      }
    }
    return false;
  }

  bool is_state(MentionId id) const {
    const Mention& mention = m_s.mention(id);
    return !mention.maker && m_s.vocabulary().party(mention.party).kind == PartyKind::state;
  }

  const Sentence& m_s;
  SentenceRoles m_roles;
};

}  // namespace

std::vector<Event> extract_alliance_events(const Vocabulary& vocabulary,
                                           const StorySentences& story) {
  if (!vocabulary.reads_alliances()) return {};
  std::vector<AllianceCandidate> found;
  std::vector<PhraseMatch> acts;  // each sentence's, in one buffer
  for (std::size_t f = 0; f < story.texts.size(); ++f) {
    const std::string_view text = story.texts[f];
    for (const auto& words : story.field(f)) {
      // Most sentences have no act word: they are not read any further.
      vocabulary.acts().find_into(text, words.tokens, words.ids, acts);
      if (acts.empty()) continue;
      const Sentence sentence(vocabulary, text, words, Reading::alliances);
      auto candidate = AllianceSentence(sentence).read(acts);
      if (!candidate || (candidate->parties.empty() && !candidate->place)) continue;
      const auto same = std::find_if(found.begin(), found.end(), [&](const auto& other) {
        return other.act == candidate->act;
      });
      if (same == found.end()) {
        found.push_back(std::move(*candidate));
        continue;
      }
      for (const PartyId party : candidate->parties) add_party(same->parties, party);
      if (!same->place) same->place = candidate->place;
    }
  }
  std::vector<Event> events;
  for (const auto& candidate : found) {
    if (events.size() >= k_max_events) break;
    Event event;
    event.kind = EventKind::alliance;
    event.act = candidate.act;
    for (const PartyId party : candidate.parties) {
      event.parties.push_back(vocabulary.party(party).canonical);
    }
    if (candidate.place) event.place = vocabulary.party(*candidate.place).canonical;
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace newsmon::rules::detail
