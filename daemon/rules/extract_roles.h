#pragma once
// Internal to daemon/rules: finding the parties of a transfer word in one sentence — its
// subject, "to X" and "for X" after it, "from X", the maker of named equipment ("Russian
// S-400"), the place a delivery arrives ("landed in Nigeria") and parties listed together
// ("Estonia, Latvia and Poland"). The sentence reader builds its candidates on these.

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "daemon/rules/extract_tags.h"
#include "daemon/rules/extract_words.h"

namespace newsmon::rules::detail {

class SentenceRoles {
 public:
  SentenceRoles(std::string_view text, const std::vector<util::Token>& tokens);

 protected:
  std::uint32_t size() const { return static_cast<std::uint32_t>(m_tokens.size()); }
  std::string_view word(std::uint32_t i) const {
    return i < size() ? std::string_view(m_tokens[i].folded) : std::string_view();
  }
  const Mention& mention(int index) const { return m_mentions[static_cast<std::size_t>(index)]; }

  /// The transfer word at word `i`, or null ("takes delivery" is the recipient's).
  const VerbInfo* verb_at(std::uint32_t i) const;
  /// The party right after a cue word such as "to" (skipping fillers; "to Yemen's
  /// Houthis" is the Houthis), or -1.
  int mention_after_cue(std::uint32_t cue) const;
  /// Whether the mention names the maker of the equipment right after it ("Russian S-400").
  bool is_origin(const Mention& mention) const;
  /// A mention with the ones listed with it, in text order.
  std::vector<std::uint16_t> coordinated(int index) const;
  /// The nearest party before `at` that can be a subject: not after a preposition, not
  /// naming the maker of some equipment, not a company, not in `except`.
  int subject_before(std::uint32_t at, const std::vector<std::uint16_t>& except = {}) const;
  /// The nearest defence company before `at` that is not after a preposition ("Baykar
  /// signs an export contract"), or -1.
  int maker_before(std::uint32_t at) const;
  /// "to X", "for X" after word `from`; "including X" when "to" names a group of states.
  int recipient_after(std::uint32_t from) const;
  /// "from X" in words [from, limit), except "objections from X".
  int supplier_from(std::uint32_t from, std::uint32_t limit) const;
  /// A party whose forces are named ("the Indian Air Force", "Ukrainian troops").
  int forces_mention(const std::vector<std::uint16_t>& except = {}) const;
  /// "withholds part of Egypt's aid": a possessive party a few words after `v`.
  int possessive_after(std::uint32_t v) const;
  /// "landed in Nigeria", "arrived at Belgrade's airport": the place after word `v`.
  int place_after(std::uint32_t v) const;
  /// "a contract with Saudi Arabia": the counterpart after word `v`.
  int counterpart_after(std::uint32_t v) const;
  /// The party after the first of `cues` within `reach` words after `v` (not a maker or
  /// an origin), or -1.
  int party_after_cue(std::uint32_t v, std::uint32_t reach,
                      std::initializer_list<std::string_view> cues) const;

  /// "the drones that Russia has been launching": the party using the equipment in a
  /// clause after word `v`, or -1.
  int user_after(std::uint32_t v) const;
  /// "£500m for Ukraine, including boats": the recipient before the list that the
  /// equipment at `begin` is in, or -1.
  int recipient_before_list(std::uint32_t begin) const;
  /// Whether "destined for", "bound for" and the like stand in words [from, to).
  bool destined(std::uint32_t from, std::uint32_t to) const;

  std::string_view m_text;
  const std::vector<util::Token>& m_tokens;
  std::vector<Mention> m_mentions;
  std::vector<int> m_mention_at;
  std::vector<Span> m_spans;
  std::vector<int> m_span_at;

 private:
  int join(const Mention& first, const Mention& second) const;
  bool possessive(const Mention& mention) const;
  /// Whether a hyphenated "-made" or "-built" follows the mention ("Australian-made").
  bool made_after(const Mention& mention) const;
};

}  // namespace newsmon::rules::detail
