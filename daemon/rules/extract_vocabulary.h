#pragma once
// Internal to daemon/rules: the event extractor's vocabulary. It is read from the rule
// set's lists when the rules are loaded, so a user teaches the extractor a phrase by
// editing a list, and the rules use the same lists ("The extractor's vocabulary" in
// docs/rules.md names them):
//  - state_<key> and group_<key>: parties, the first entry naming the party in events;
//    the lists that `alliances` includes are the alliances;
//  - systems_<key> and makers_<key>: weapon systems and defence companies of the state
//    state_<key>; equipment_<class>: classes of equipment;
//  - state_lookalikes, weapon_lookalikes: phrases that contain a name but do not name it;
//    weapon_namesakes: names that share a word with a weapon ("New England Patriots"):
//    once a story names one, the shared word is that name wherever it stands in the story;
//  - verbs_<role>_<status>: transfer words, by who does them and the status they give;
//    verbs_lookalikes: phrases that contain a transfer word but are none;
//  - cues_<status>: words that give the transfer word after them a status;
//  - words_<class>: the small word classes the grammar reads (fillers, head nouns, ...);
//  - acts_<act>: the words of each alliance act (summit, treaty, withdrawal, ...).
// The C++ keeps the grammar: how these words combine into roles.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/rules/extract.h"
#include "daemon/rules/extract_ids.h"
#include "daemon/rules/extract_phrases.h"
#include "daemon/rules/match.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::rules::detail {

/// How far a transfer has gone, weakest first: the strongest cue of a clause wins.
/// `speculation` ("could send") is reported only when someone is said to warn of it.
enum class Cue : std::uint8_t {
  none,
  pledged,
  delivering,
  delivered,
  speculation,
  ordered,
  approved,
  alleged,
  refused,
  requested,  ///< "urged to lift its ban on sending": the request is the news
};
/// The status an event reports for a cue level; nullopt for none and speculation.
std::optional<TransferStatus> reported_status(Cue cue);

/// Who does a transfer word: the supplier ("sends"), what arrives ("landed in"), a maker
/// building abroad ("co-produce"), a carrier that is not the supplier ("a ship carrying
/// arms to X"), the recipient ("buys"), the recipient when nothing stronger is said
/// ("deal", "signed"), or nobody ("approves" only qualifies another).
enum class Role : std::uint8_t { supply, arrive, produce, carry, acquire, contract, approve };

struct VerbInfo {
  Role role = Role::supply;
  Cue status = Cue::pledged;  ///< what the word says on its own ("sold": ordered)
  /// The recipient does it, whatever the word's role says ("buys", "deal").
  bool acquire() const { return role == Role::acquire || role == Role::contract; }
};

/// The word classes of words_<class> lists.
enum class WordClass : std::uint8_t {
  to,              ///< "to", "for": a recipient follows
  prepositions,    ///< a party after one is not a subject
  fillers,         ///< skipped between a cue and its party ("to the new NATO member X")
  heads,           ///< nouns that make a number a quantity of equipment ("64 jets")
  units,           ///< a number before one is not a count ("500 pounds")
  including,       ///< a list of equipment follows
  forces,          ///< after a party, its armed services ("Indian Air Force")
  reporting,       ///< "says": a third party reports
  travel,          ///< "a visit to X" is no recipient
  opposition,      ///< "objections from X" is no supplier
  need_equipment,  ///< transfer words that count only with named equipment
  transfer_nouns,  ///< a party right before one is its buyer ("Taiwan package")
  object_verbs,    ///< their object is not a subject ("told Washington it would buy")
  made,            ///< "built by", "Iranian-made"
  export_nouns,    ///< a transfer word before one is a qualifier ("export customer")
  use,             ///< "the drones Russia has been launching"
  generic,         ///< words that say what kind of thing a system is, not which
  company,         ///< "the German company's Boxer": a state's company
  destined,        ///< "bound for X"
  lifting,         ///< "lifts an embargo"
  urging,          ///< "urged it to speed up deliveries"
  rivalry,         ///< "chosen over X": a rival, not the seller
  state_titles,    ///< "the Republic of Cyprus"
  party_cues,      ///< cue words only before a party ("force Berlin to send")
  advice,          ///< request cues that name no one asking ("should")
  embargo,         ///< a transfer word whose target follows "on" or "against"
  goods,           ///< what is sent when it is not arms ("sends wheat", "gas deliveries")
  relative,        ///< ", who halted aid to Kyiv,": a clause in the background
  places,          ///< "in", "near": where something is built
  negations,       ///< "no lethal weapons": equipment that is not supplied
  onward,          ///< "a trip that continues to Japan": a later leg of a trip
  conflict,        ///< "the war in Ukraine": the place of a war is no party to a transfer
  commit,          ///< "commits Norway to keep up support": the party committed supplies
  pronouns,        ///< "Seoul said it would buy": after a reporting word, the speaker acts
  finite,          ///< "said European allies would buy": a reported clause has its own subject
  count
};
inline constexpr std::size_t k_word_classes = static_cast<std::size_t>(WordClass::count);
using WordClasses = std::uint64_t;  ///< one bit per WordClass
static_assert(k_word_classes <= 64);

inline constexpr WordClasses bit(WordClass word_class) {
  return WordClasses{1} << static_cast<unsigned>(word_class);
}

enum class PartyKind : std::uint8_t { state, group, alliance };

struct Party {
  std::string canonical;  ///< "South Korea": how events name it
  PartyKind kind = PartyKind::state;
};

/// What a name of the names table stands for: a look-alike contains a name but does not
/// name it ("South China Sea"); a non-weapon contains a weapon word but is none ("water
/// bomber", "New England Patriots").
enum class NameKind : std::uint8_t { party, system, maker, equipment, lookalike, non_weapon };

struct NameInfo {
  NameKind kind = NameKind::party;
  std::optional<PartyId> party;  ///< the party, or the state that makes the system
};

/// A list of the rule set, as the extractor reads it.
struct VocabularyList {
  std::string name;
  std::vector<std::string> entries;  ///< as written; "$other" includes a list
  util::Diagnostic where;            ///< the list's name in its file (message empty)
};

class Vocabulary {
 public:
  /// Reads the vocabulary from the lists; a list whose name promises a vocabulary it
  /// cannot give ("verbs_suply_pledged", "systems_x" with no state_x) adds an error.
  static std::shared_ptr<const Vocabulary> build(const std::vector<VocabularyList>& lists,
                                                 std::vector<util::Diagnostic>& errors);

  /// Whether the lists give what arms-transfer extraction needs: parties and verbs.
  bool reads_transfers() const { return !m_parties.empty() && m_verbs.size() > 0; }
  /// Whether the lists give what alliance extraction needs: parties and acts.
  bool reads_alliances() const { return !m_parties.empty() && m_acts.size() > 0; }
  /// What the lists lack for extracting events of the kind, said for users; nullopt
  /// when nothing.
  std::optional<std::string> missing(ExtractKind kind) const;

  std::span<const Party> parties() const { return m_parties; }
  const Party& party(PartyId id) const { return m_parties[id.index()]; }
  /// Whether the party makes arms: some system or defence company of the lists is its.
  bool exporter(PartyId id) const { return m_exporters[id.index()]; }
  /// The parties a list entry or name names ("kyiv", "Ukrainian": Ukraine), by any of
  /// their names; empty when it names none.
  std::vector<PartyId> parties_named(std::string_view text) const;

  const PhraseTable& names() const { return m_names; }
  /// The namesakes (weapon_namesakes), which are look-alikes among the names too.
  const PhraseTable& namesakes() const { return m_namesakes; }
  const NameInfo& name(std::uint32_t value) const { return m_name_infos[value]; }

  /// Transfer words; a match whose value is k_not_a_verb covers a look-alike.
  const PhraseTable& verbs() const { return m_verbs; }
  static constexpr std::uint32_t k_not_a_verb = 0xFFFFFFFF;
  const VerbInfo& verb(std::uint32_t value) const { return m_verb_infos[value]; }

  /// Cue words; the value is a Cue.
  const PhraseTable& cues() const { return m_cues; }
  /// The alliance acts' words; the value is an AllianceAct.
  const PhraseTable& acts() const { return m_acts; }

  /// The numbers of the words of every table above and of the word classes: a sentence
  /// looks its words up once (look_up()) and reads every table with them.
  const Lexicon& lexicon() const { return *m_lexicon; }

  /// The classes a folded word belongs to.
  WordClasses classes(std::string_view folded) const;
  /// The same, for a word the lexicon gave the number `word` (Lexicon::k_unknown when
  /// it has none).
  WordClasses classes(std::uint32_t word, std::string_view folded) const;
  /// Each token's number in the lexicon, the number of its first bytes and its classes,
  /// into buffers that are reused. A thread remembers the words it has looked up, so
  /// each costs one hash lookup however many tables and classes there are.
  void look_up(std::span<const util::TokenView> tokens, LexiconWords& ids,
               std::vector<WordClasses>& classes) const;

 private:
  /// Reads states and groups, then alliances; returns the alliances' lists in order.
  std::vector<const VocabularyList*> read_parties(const std::vector<VocabularyList>& lists);
  void read_names(const std::vector<VocabularyList>& lists,
                  const std::vector<const VocabularyList*>& alliances,
                  std::vector<util::Diagnostic>& errors);
  void read_words(const std::vector<VocabularyList>& lists, std::vector<util::Diagnostic>& errors);
  void read_verbs(const VocabularyList& list, const std::vector<std::string>& words,
                  std::vector<util::Diagnostic>& errors);
  void read_cues(const VocabularyList& list, const std::vector<std::string>& words,
                 std::vector<util::Diagnostic>& errors);
  void read_class(const VocabularyList& list, const std::vector<std::string>& words,
                  std::vector<util::Diagnostic>& errors);
  void read_acts(const VocabularyList& list, const std::vector<std::string>& words,
                 std::vector<util::Diagnostic>& errors);
  void add_name(std::string_view entry, NameInfo info);

  std::vector<Party> m_parties;
  std::unordered_map<std::string, PartyId> m_state_keys;  ///< "ukraine" of state_ukraine
  std::vector<bool> m_exporters;
  std::shared_ptr<Lexicon> m_lexicon = std::make_shared<Lexicon>();  ///< before the tables
  PhraseTable m_names{m_lexicon};
  std::vector<NameInfo> m_name_infos;
  PhraseTable m_namesakes{m_lexicon};
  PhraseTable m_verbs{m_lexicon};
  std::vector<VerbInfo> m_verb_infos;
  PhraseTable m_cues{m_lexicon};
  PhraseTable m_acts{m_lexicon};
  std::vector<WordClasses> m_classes;  ///< by the lexicon's number of the word
  std::vector<std::pair<std::string, WordClasses>> m_class_prefixes;
  static std::uint64_t next_generation();
  /// Tells the words a thread remembers for this vocabulary from those of another.
  std::uint64_t m_generation = next_generation();
};

}  // namespace newsmon::rules::detail
