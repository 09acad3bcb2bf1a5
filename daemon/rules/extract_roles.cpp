#include "daemon/rules/extract_roles.h"

#include <algorithm>

namespace newsmon::rules::detail {

using S = TransferStatus;

SentenceRoles::SentenceRoles(std::string_view text, const std::vector<util::Token>& tokens)
    : m_text(text), m_tokens(tokens) {
  SentenceTags tags(text, tokens);
  m_mentions = std::move(tags.mentions);
  m_mention_at = std::move(tags.mention_at);
  m_spans = std::move(tags.spans);
  m_span_at = std::move(tags.span_at);
}

const VerbInfo* SentenceRoles::verb_at(std::uint32_t i) const {
  const std::string_view before = i > 0 ? word(i - 1) : std::string_view();
  // "to ship vehicles", "touched down at": verbs only in these forms ("a ship" is not).
  if (word(i) == "ship" && (before == "to" || before == "will" || before == "would")) {
    static constexpr VerbInfo k_ship{"ship", Role::supply, S::pledged};
    return &k_ship;
  }
  if (before == "co" && word(i).starts_with("produc")) {
    static constexpr VerbInfo k_coproduce{"co-produce", Role::supply, S::pledged};
    return &k_coproduce;
  }
  if (word(i) == "touched" && word(i + 1) == "down") {
    static constexpr VerbInfo k_touched{"touched", Role::supply, S::delivered};
    return &k_touched;
  }
  const VerbInfo* verb = verb_of(word(i));
  if (!verb) return nullptr;
  // "its first export customer", "export markets": a noun's qualifier, not a transfer.
  if (verb->word.starts_with("export") && is_word(WordClass::export_nouns, word(i + 1))) {
    return nullptr;
  }
  // "missiles that can reach Moscow" is a range, not an arrival.
  if (verb->word.starts_with("reach") &&
      (before == "can" || before == "could" || before == "cannot" || before == "able")) {
    return nullptr;
  }
  // "takes delivery" is done by the recipient.
  if (verb->word == "delivery" && i > 0 &&
      (word(i - 1) == "take" || word(i - 1) == "takes" || word(i - 1) == "took" ||
       word(i - 1) == "taking")) {
    static constexpr VerbInfo k_take{"delivery", Role::acquire, S::delivered};
    return &k_take;
  }
  return verb;
}

bool SentenceRoles::made_after(const Mention& mention) const {
  if (mention.end >= size() || !is_word(WordClass::made, word(mention.end))) return false;
  const auto& before = m_tokens[mention.end - 1];
  return m_text.substr(before.end, m_tokens[mention.end].start - before.end) == "-";
}

bool SentenceRoles::possessive(const Mention& mention) const {
  const std::size_t after = m_tokens[mention.end - 1].end;
  const std::string_view rest = m_text.substr(after, 4);
  return rest.starts_with("'s") || rest.starts_with("\u2019s");
}

int SentenceRoles::mention_after_cue(std::uint32_t cue) const {
  for (std::uint32_t i = cue + 1; i < size() && i <= cue + 4; ++i) {
    if (m_mention_at[i] >= 0) {
      const int index = m_mention_at[i];
      // "to Yemen's Houthis": the group, not the state it is in.
      const Mention& found = mention(index);
      if (possessive(found) && found.end < size() && m_mention_at[found.end] >= 0 &&
          !mention(m_mention_at[found.end]).maker) {
        return m_mention_at[found.end];
      }
      return index;
    }
    // "to the Republic of Cyprus", "the Kingdom of Saudi Arabia"
    if ((word(i) == "republic" || word(i) == "kingdom") && word(i + 1) == "of") {
      ++i;
      continue;
    }
    if (!is_word(WordClass::fillers, word(i))) return -1;
  }
  return -1;
}

bool SentenceRoles::is_origin(const Mention& mention) const {
  // "Iranian-made", "Chinese-built": a maker's state however far its equipment follows.
  if (is_word(WordClass::made, word(mention.end - 1)) || made_after(mention)) return true;
  for (std::uint32_t i = mention.end; i < size() && i <= mention.end + 2; ++i) {
    // A state that makes no arms named before a class of equipment is its owner ("for
    // Saudi armoured vehicles"); before a named system it is a seller ("Danish F-16s").
    if (m_span_at[i] >= 0) {
      const std::uint16_t made_by = m_spans[static_cast<std::size_t>(m_span_at[i])].origin;
      // "Pakistan's F-16 purchase": the owner of a system another state makes.
      if (!mention.maker && possessive(mention) && made_by != k_no_party &&
          made_by != mention.party) {
        return false;
      }
      return mention.maker || exporter(mention.party) || made_by != k_no_party;
    }
    // "for Ukraine, including tanks": a list after the party is not its make.
    if (m_mention_at[i] >= 0 || verb_of(word(i)) || is_word(WordClass::prepositions, word(i)) ||
        word(i) == "and" || is_word(WordClass::including, word(i)) ||
        m_text.substr(m_tokens[i - 1].end, m_tokens[i].start - m_tokens[i - 1].end).find(',') !=
            std::string_view::npos) {
      return false;
    }
  }
  return false;
}

// How two neighbouring mentions are joined: 2 by "and", 1 by a comma only, 0 not.
int SentenceRoles::join(const Mention& first, const Mention& second) const {
  if (first.end + 1 == second.begin && (word(first.end) == "and" || word(first.end) == "or")) {
    return 2;
  }
  if (first.end != second.begin) return 0;
  const std::string_view gap = m_text.substr(
      m_tokens[first.end - 1].end, m_tokens[second.begin].start - m_tokens[first.end - 1].end);
  return gap.find(',') != std::string_view::npos ? 1 : 0;
}

// A comma joins only in a list that "and" closes: "Russia, Seoul says" is two.
std::vector<std::uint16_t> SentenceRoles::coordinated(int index) const {
  const auto at = static_cast<std::size_t>(index);
  std::size_t first = at;
  std::size_t last = at;
  while (first > 0 && join(m_mentions[first - 1], m_mentions[first]) > 0) --first;
  while (last + 1 < m_mentions.size() && join(m_mentions[last], m_mentions[last + 1]) > 0) ++last;
  const bool closed = last > first && join(m_mentions[last - 1], m_mentions[last]) == 2;
  if (!closed) {
    first = at;
    last = at;
    if (at > 0 && join(m_mentions[at - 1], m_mentions[at]) == 2) first = at - 1;
    if (at + 1 < m_mentions.size() && join(m_mentions[at], m_mentions[at + 1]) == 2) last = at + 1;
  }
  std::vector<std::uint16_t> parties;
  for (std::size_t j = first; j <= last; ++j) {
    if (!m_mentions[j].maker || j == at) parties.push_back(m_mentions[j].party);
  }
  std::sort(parties.begin(), parties.end());
  parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
  return parties;
}

int SentenceRoles::subject_before(std::uint32_t at,
                                  const std::vector<std::uint16_t>& except) const {
  for (std::uint32_t i = at; i > 0;) {
    --i;
    const int index = m_mention_at[i];
    if (index < 0) continue;
    const Mention& found = mention(index);
    i = found.begin;
    bool after_preposition = false;
    for (std::uint32_t k = found.begin; k > 0 && k + 3 > found.begin;) {
      --k;
      if (is_word(WordClass::prepositions, word(k)) || is_word(WordClass::object_verbs, word(k)))
        after_preposition = true;
      if (!is_word(WordClass::fillers, word(k))) break;
    }
    const bool excluded = std::find(except.begin(), except.end(), found.party) != except.end();
    if (after_preposition || is_origin(found) || found.maker || excluded) continue;
    return index;
  }
  return -1;
}

int SentenceRoles::maker_before(std::uint32_t at) const {
  for (std::uint32_t i = at; i > 0;) {
    --i;
    const int index = m_mention_at[i];
    if (index < 0) continue;
    const Mention& found = mention(index);
    i = found.begin;
    if (!found.maker || is_origin(found)) continue;
    if (found.begin > 0 && is_word(WordClass::prepositions, word(found.begin - 1))) continue;
    return index;
  }
  return -1;
}

int SentenceRoles::recipient_after(std::uint32_t from) const {
  for (std::uint32_t i = from; i < size() && i < from + 14; ++i) {
    if (!is_word(WordClass::to_words, word(i))) continue;
    if (i > 0 && is_word(WordClass::travel, word(i - 1))) continue;
    const int index = mention_after_cue(i);
    if (index >= 0 && !is_origin(mention(index))) return index;
    if (index >= 0 || word(i) != "to") continue;
    for (std::uint32_t k = i + 1; k < size() && k < i + 9; ++k) {
      if (is_word(WordClass::including, word(k))) {
        const int included = mention_after_cue(k + (word(k) == "such" ? 1 : 0));
        if (included >= 0) return included;
      }
    }
  }
  return -1;
}

int SentenceRoles::supplier_from(std::uint32_t from, std::uint32_t limit) const {
  for (std::uint32_t i = from; i < size() && i < limit; ++i) {
    // "despite objections from Turkey" names an opponent, not a supplier.
    const bool opposed = i > 0 && is_word(WordClass::opposition, word(i - 1));
    if (word(i) == "from" && !opposed) {
      const int index = mention_after_cue(i);
      if (index >= 0) return index;
    }
  }
  return -1;
}

int SentenceRoles::forces_mention(const std::vector<std::uint16_t>& except) const {
  for (std::size_t m = 0; m < m_mentions.size(); ++m) {
    const Mention& found = m_mentions[m];
    const bool excluded = std::find(except.begin(), except.end(), found.party) != except.end();
    if (!found.maker && !excluded && found.end < size() &&
        is_word(WordClass::forces, word(found.end))) {
      return static_cast<int>(m);
    }
  }
  return -1;
}

int SentenceRoles::possessive_after(std::uint32_t v) const {
  for (std::uint32_t i = v + 1; i < size() && i < v + 6; ++i) {
    const int index = m_mention_at[i];
    if (index < 0) continue;
    const Mention& found = mention(index);
    if (!found.maker && possessive(found)) return index;
    return -1;
  }
  return -1;
}

int SentenceRoles::party_after_cue(std::uint32_t v, std::uint32_t reach,
                                   std::initializer_list<std::string_view> cues) const {
  for (std::uint32_t i = v + 1; i < size() && i < v + reach; ++i) {
    if (std::find(cues.begin(), cues.end(), word(i)) == cues.end()) continue;
    const int index = mention_after_cue(i);
    if (index >= 0 && !mention(index).maker && !is_origin(mention(index))) return index;
    return -1;
  }
  return -1;
}

int SentenceRoles::place_after(std::uint32_t v) const {
  return party_after_cue(v, 4, {"in", "at", "to"});
}

int SentenceRoles::counterpart_after(std::uint32_t v) const {
  return party_after_cue(v, 10, {"with"});
}

int SentenceRoles::user_after(std::uint32_t v) const {
  for (std::uint32_t i = v + 1; i < size() && i < v + 10; ++i) {
    if (word(i) != "that" && word(i) != "which") continue;
    const int user = i + 1 < size() ? m_mention_at[i + 1] : -1;
    if (user < 0 || mention(user).maker) return -1;
    for (std::uint32_t k = mention(user).end; k < size() && k < mention(user).end + 4; ++k) {
      if (is_word(WordClass::use, word(k))) return user;
    }
    return -1;
  }
  return -1;
}

bool SentenceRoles::destined(std::uint32_t from, std::uint32_t to) const {
  for (std::uint32_t i = from; i + 1 < to; ++i) {
    const std::string_view w = word(i);
    if ((w == "destined" || w == "bound" || w == "intended" || w == "headed") &&
        (word(i + 1) == "for" || word(i + 1) == "to")) {
      return true;
    }
  }
  return false;
}

int SentenceRoles::recipient_before_list(std::uint32_t begin) const {
  for (std::uint32_t k = begin; k > 0 && k + 8 > begin;) {
    --k;
    if (verb_of(word(k))) return -1;
    if (!is_word(WordClass::including, word(k)) || word(k) == "like") continue;
    for (std::uint32_t i = k; i > 0 && i + 6 > k;) {
      --i;
      if (!is_word(WordClass::to_words, word(i)) ||
          (i > 0 && is_word(WordClass::travel, word(i - 1))))
        continue;
      const int index = mention_after_cue(i);
      if (index >= 0 && !mention(index).maker && !is_origin(mention(index))) return index;
    }
    return -1;
  }
  return -1;
}

}  // namespace newsmon::rules::detail
