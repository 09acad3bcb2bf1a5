#pragma once
// Internal to daemon/rules: finding the parties around a transfer word in one sentence —
// its subject, "to X" and "for X" after it, "from X", the maker of named equipment
// ("Russian S-400"), the place a delivery arrives ("landed in Nigeria") and parties
// listed together ("Estonia, Latvia and Poland"). The transfer reader asks these.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {

class SentenceRoles {
 public:
  explicit SentenceRoles(const Sentence& sentence) : m_s(sentence) {}

  /// The transfer word at word `i`, or null ("export customer" names none).
  const VerbInfo* verb_at(std::uint32_t i) const;
  /// The party right after a cue word such as "to" (skipping fillers; "to Yemen's
  /// Houthis" is the Houthis).
  std::optional<MentionId> mention_after_cue(std::uint32_t cue) const;
  /// Whether the mention names the maker of the equipment right after it ("Russian S-400").
  bool is_origin(const Mention& mention) const;
  bool is_origin(MentionId id) const { return is_origin(m_s.mention(id)); }
  /// Whether the mention is a party that can receive: not a company, not a maker's state.
  bool receiver(MentionId id) const { return !m_s.mention(id).maker && !is_origin(id); }
  /// A mention's party with the ones listed with it, in party order.
  PartyList coordinated(MentionId id) const;
  /// The nearest party before `at` that can be a subject: not after a preposition, not
  /// naming the maker of some equipment, not a company, not in `except`, not a speaker
  /// before a reporting word ("said") that no pronoun after it stands for.
  std::optional<MentionId> subject_before(std::uint32_t at, const PartyList& except = {}) const;
  /// The subject of an infinitive transfer word at `v`: "for Ukraine to acquire".
  std::optional<MentionId> infinitive_subject(std::uint32_t v) const;
  /// The subject of a transfer word at `v` after "with" and a party: "with the
  /// Netherlands committing €2bn".
  std::optional<MentionId> with_subject(std::uint32_t v) const;
  /// The party after "by" right after a transfer word: "gifted by Minsk".
  std::optional<MentionId> passive_agent(std::uint32_t v) const;
  /// The nearest defence company before `at` that is not after a preposition ("Baykar
  /// signs an export contract").
  std::optional<MentionId> maker_before(std::uint32_t at) const;
  /// "to X", "for X" after word `from`; "including X" when "to" names a group of states.
  std::optional<MentionId> recipient_after(std::uint32_t from) const;
  /// "from X" in words [from, limit), except "objections from X".
  std::optional<MentionId> supplier_from(std::uint32_t from, std::uint32_t limit) const;
  /// A party whose forces are named ("the Indian Air Force", "Ukrainian troops").
  std::optional<MentionId> forces_mention(const PartyList& except = {}) const;
  /// "withholds part of Egypt's aid": a possessive party a few words after `v`.
  std::optional<MentionId> possessive_after(std::uint32_t v) const;
  /// "the largest arms export deal in Seoul's history": the party whose record the
  /// transfer word at `v` is, or none.
  std::optional<MentionId> record_owner(std::uint32_t v) const;
  /// "landed in Nigeria", "arrived at Belgrade's airport": the place after word `v`.
  std::optional<MentionId> place_after(std::uint32_t v) const;
  /// "a contract with Saudi Arabia": the counterpart after word `v`.
  std::optional<MentionId> counterpart_after(std::uint32_t v) const;
  /// "the drones that Russia has been launching": the party using the equipment in a
  /// clause after word `v`.
  std::optional<MentionId> user_after(std::uint32_t v) const;
  /// "£500m for Ukraine, including boats": the recipient before the list that the
  /// equipment at `begin` is in.
  std::optional<MentionId> recipient_before_list(std::uint32_t begin) const;
  /// Whether "destined for", "bound for" and the like stand in words [from, to).
  bool destined(std::uint32_t from, std::uint32_t to) const;
  /// Whether the mention is followed by "'s" ("Poland's tanks": the owner, not the maker).
  bool possessive(const Mention& mention) const;

 private:
  bool article(std::uint32_t i) const;
  bool reported_clause(std::uint32_t reporting, std::uint32_t at) const;
  bool clause_with_subject(std::uint32_t i) const;
  std::optional<MentionId> party_after_cue(std::uint32_t v, std::uint32_t reach,
                                           std::initializer_list<std::string_view> cues) const;
  int join(const Mention& first, const Mention& second) const;
  bool after_preposition(const Mention& mention) const;
  /// Whether a hyphenated "-made" or "-built" follows the mention ("Australian-made").
  bool made_after(const Mention& mention) const;
  /// Whether "history" follows the mention: "the largest defence export in Australia's
  /// history" names no one receiving it.
  bool in_history(const Mention& mention) const { return m_s.word(mention.end) == "history"; }

  const Sentence& m_s;
};

}  // namespace newsmon::rules::detail
