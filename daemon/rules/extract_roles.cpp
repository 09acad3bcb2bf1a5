#include "daemon/rules/extract_roles.h"

#include <algorithm>

namespace newsmon::rules::detail {

const VerbInfo* SentenceRoles::verb_at(std::uint32_t i) const {
  const VerbInfo* verb = m_s.verb_word(i);
  // "its first export customer", "export markets": a noun's qualifier, not a transfer.
  if (verb && verb->role == Role::supply && m_s.is(WordClass::export_nouns, i + 1)) return nullptr;
  return verb;
}

bool SentenceRoles::made_after(const Mention& mention) const {
  return m_s.is(WordClass::made, mention.end) && m_s.gap(mention.end) == "-";
}

bool SentenceRoles::possessive(const Mention& mention) const {
  const std::string_view rest = m_s.after(mention.end - 1);
  return rest.starts_with("'s") || rest.starts_with("\u2019s");
}

std::optional<MentionId> SentenceRoles::mention_after_cue(std::uint32_t cue) const {
  for (std::uint32_t i = cue + 1; i < m_s.size() && i <= cue + 4; ++i) {
    if (const auto id = m_s.mention_at(i)) {
      // "to Yemen's Houthis": the group, not the state it is in.
      const Mention& found = m_s.mention(*id);
      const auto next = m_s.mention_at(found.end);
      if (possessive(found) && next && !m_s.mention(*next).maker) return next;
      return id;
    }
    // "to the Republic of Cyprus", "the Kingdom of Saudi Arabia"
    if (m_s.is(WordClass::state_titles, i) && m_s.word(i + 1) == "of") {
      ++i;
      continue;
    }
    if (!m_s.is(WordClass::fillers, i)) return std::nullopt;
  }
  return std::nullopt;
}

bool SentenceRoles::is_origin(const Mention& mention) const {
  // "Iranian-made", "Chinese-built": a maker's state however far its equipment follows.
  if (m_s.is(WordClass::made, mention.end - 1) || made_after(mention)) return true;
  for (std::uint32_t i = mention.end; i < m_s.size() && i <= mention.end + 2; ++i) {
    // A state that makes no arms named before a class of equipment is its owner ("for
    // Saudi armoured vehicles"); before a named system it is a seller ("Danish F-16s").
    if (const auto span = m_s.span_at(i)) {
      const std::optional<PartyId> made_by = m_s.span(*span).origin;
      // "Pakistan's F-16 purchase": the owner of a system another state makes.
      if (!mention.maker && possessive(mention) && made_by && *made_by != mention.party) {
        return false;
      }
      return mention.maker || m_s.vocabulary().exporter(mention.party) || made_by.has_value();
    }
    // "for Ukraine, including tanks": a list after the party is not its make; nor is
    // a clause ("Copenhagen confirms the F-16s it pledged"): a lower-case word between
    // them that is no filler says something else.
    const std::string_view written = m_s.text_of(i, i + 1);
    const bool clause = !written.empty() && written.front() >= 'a' && written.front() <= 'z' &&
                        !m_s.is(WordClass::fillers, i);
    if (clause || m_s.mention_at(i) || m_s.verb_word(i) || m_s.is(WordClass::prepositions, i) ||
        m_s.word(i) == "and" || m_s.is(WordClass::including, i) ||
        m_s.gap(i).find(',') != std::string_view::npos) {
      return false;
    }
  }
  return false;
}

// How two neighbouring mentions are joined: 2 by "and", 1 by a comma only, 0 not.
int SentenceRoles::join(const Mention& first, const Mention& second) const {
  if (first.end + 1 == second.begin &&
      (m_s.word(first.end) == "and" || m_s.word(first.end) == "or")) {
    return 2;
  }
  if (first.end != second.begin) return 0;
  return m_s.gap(second.begin).find(',') != std::string_view::npos ? 1 : 0;
}

// A comma joins only in a list that "and" closes: "Russia, Seoul says" is two.
PartyList SentenceRoles::coordinated(MentionId id) const {
  const auto& mentions = m_s.mentions();
  const std::size_t at = id.index();
  std::size_t first = at;
  std::size_t last = at;
  while (first > 0 && join(mentions[first - 1], mentions[first]) > 0) --first;
  while (last + 1 < mentions.size() && join(mentions[last], mentions[last + 1]) > 0) ++last;
  const bool closed = last > first && join(mentions[last - 1], mentions[last]) == 2;
  if (!closed) {
    first = at;
    last = at;
    if (at > 0 && join(mentions[at - 1], mentions[at]) == 2) first = at - 1;
    if (at + 1 < mentions.size() && join(mentions[at], mentions[at + 1]) == 2) last = at + 1;
  }
  PartyList parties;
  for (std::size_t j = first; j <= last; ++j) {
    if (!mentions[j].maker || j == at) parties.push_back(mentions[j].party);
  }
  std::sort(parties.begin(), parties.end());
  parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
  return parties;
}

bool SentenceRoles::after_preposition(const Mention& mention) const {
  for (std::uint32_t k = mention.begin; k > 0 && k + 3 > mention.begin;) {
    --k;
    if (m_s.is(WordClass::prepositions, k) || m_s.is(WordClass::object_verbs, k)) return true;
    if (!m_s.is(WordClass::fillers, k)) break;
  }
  return false;
}

// "Washington said the kingdom would buy": the speaker is not the subject of a clause it
// reports that has a subject of its own, one opening with an article ("the kingdom") or
// before a finite verb ("European allies would buy"), unless a pronoun stands for the
// speaker ("Seoul said it would buy"). "Tehran says deal to buy" is the speaker's deal.
bool SentenceRoles::article(std::uint32_t i) const {
  const std::string_view word = m_s.word(i);
  return word == "the" || word == "a" || word == "an";
}

bool SentenceRoles::reported_clause(std::uint32_t reporting, std::uint32_t at) const {
  std::uint32_t first = reporting + 1;
  if (m_s.word(first) == "that") ++first;
  bool own_subject = article(first);
  for (std::uint32_t i = first; i < at; ++i) {
    if (m_s.is(WordClass::pronouns, i)) return false;
    own_subject = own_subject || m_s.is(WordClass::finite, i);
  }
  return own_subject;
}

// ", and the government announced a package": a clause joined by "and" after a comma
// that opens with an article has its own subject; the parties before it are not.
bool SentenceRoles::clause_with_subject(std::uint32_t i) const {
  if (m_s.word(i) != "and" || m_s.gap(i).find(',') == std::string_view::npos) return false;
  return article(i + 1);
}

std::optional<MentionId> SentenceRoles::subject_before(std::uint32_t at,
                                                       const PartyList& except) const {
  for (std::uint32_t i = at; i > 0;) {
    --i;
    if (m_s.is(WordClass::reporting, i) && reported_clause(i, at)) return std::nullopt;
    if (clause_with_subject(i)) return std::nullopt;
    const auto id = m_s.mention_at(i);
    if (!id) continue;
    const Mention& found = m_s.mention(*id);
    i = found.begin;
    const bool excluded = std::find(except.begin(), except.end(), found.party) != except.end();
    // "During Putin's visit to New Delhi, the two governments signed": the visitor is
    // the setting's, not the subject.
    const bool visitor = possessive(found) && m_s.is(WordClass::travel, found.end);
    if (after_preposition(found) || is_origin(found) || found.maker || excluded || visitor) {
      continue;
    }
    return id;
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::infinitive_subject(std::uint32_t v) const {
  if (v < 3 || m_s.word(v - 1) != "to") return std::nullopt;
  const auto id = m_s.mention_at(v - 2);
  if (!id || m_s.mention(*id).maker) return std::nullopt;
  const std::uint32_t begin = m_s.mention(*id).begin;
  return begin > 0 && m_s.word(begin - 1) == "for" ? id : std::nullopt;
}

std::optional<MentionId> SentenceRoles::with_subject(std::uint32_t v) const {
  if (v == 0) return std::nullopt;
  const auto id = m_s.mention_at(v - 1);
  if (!id || m_s.mention(*id).maker) return std::nullopt;
  for (std::uint32_t k = m_s.mention(*id).begin; k > 0 && k + 3 > m_s.mention(*id).begin;) {
    --k;
    if (m_s.word(k) == "with") return id;
    if (!m_s.is(WordClass::fillers, k)) break;
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::passive_agent(std::uint32_t v) const {
  if (m_s.word(v + 1) != "by") return std::nullopt;
  const auto id = mention_after_cue(v + 1);
  return id && !m_s.mention(*id).maker ? id : std::nullopt;
}

std::optional<MentionId> SentenceRoles::maker_before(std::uint32_t at) const {
  for (std::uint32_t i = at; i > 0;) {
    --i;
    const auto id = m_s.mention_at(i);
    if (!id) continue;
    const Mention& found = m_s.mention(*id);
    i = found.begin;
    if (!found.maker || is_origin(found)) continue;
    if (found.begin > 0 && m_s.is(WordClass::prepositions, found.begin - 1)) continue;
    return id;
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::recipient_after(std::uint32_t from) const {
  for (std::uint32_t i = from; i < m_s.size() && i < from + 14; ++i) {
    if (!m_s.is(WordClass::to, i)) continue;
    if (i > 0 && m_s.is(WordClass::travel, i - 1)) continue;
    const auto id = mention_after_cue(i);
    if (id && !is_origin(*id)) return id;
    if (id || m_s.word(i) != "to") continue;
    for (std::uint32_t k = i + 1; k < m_s.size() && k < i + 9; ++k) {
      if (!m_s.is(WordClass::including, k)) continue;
      const auto included = mention_after_cue(k + (m_s.word(k) == "such" ? 1 : 0));
      if (included) return included;
    }
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::supplier_from(std::uint32_t from,
                                                      std::uint32_t limit) const {
  for (std::uint32_t i = from; i < m_s.size() && i < limit; ++i) {
    // "despite objections from Turkey" names an opponent, not a supplier.
    const bool opposed = i > 0 && m_s.is(WordClass::opposition, i - 1);
    if (m_s.word(i) != "from" || opposed) continue;
    if (const auto id = mention_after_cue(i)) return id;
    // "from Chennai in India": a place the lists do not know, in a state they do.
    if (m_s.word(i + 2) == "in" && !m_s.mention_at(i + 1)) {
      if (const auto id = mention_after_cue(i + 2)) return id;
    }
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::forces_mention(const PartyList& except) const {
  const auto& mentions = m_s.mentions();
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    const Mention& found = mentions[m];
    const bool excluded = std::find(except.begin(), except.end(), found.party) != except.end();
    if (!found.maker && !excluded && m_s.is(WordClass::forces, found.end)) {
      return id_at<MentionTag>(m);
    }
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::possessive_after(std::uint32_t v) const {
  for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 6; ++i) {
    const auto id = m_s.mention_at(i);
    if (!id) continue;
    const Mention& found = m_s.mention(*id);
    // "pledges four Leopard 2s from Canada's fleet": the source, not the owner to be.
    const bool source = found.begin > 0 && m_s.word(found.begin - 1) == "from";
    if (!found.maker && possessive(found) && !in_history(found) && !source) return id;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::record_owner(std::uint32_t v) const {
  for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 4; ++i) {
    if (m_s.word(i) != "in") continue;
    const auto id = mention_after_cue(i);
    if (id && !m_s.mention(*id).maker && in_history(m_s.mention(*id))) return id;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::party_after_cue(
    std::uint32_t v, std::uint32_t reach, std::initializer_list<std::string_view> cues) const {
  for (std::uint32_t i = v + 1; i < m_s.size() && i < v + reach; ++i) {
    if (std::find(cues.begin(), cues.end(), m_s.word(i)) == cues.end()) continue;
    const auto id = mention_after_cue(i);
    if (id && receiver(*id)) return id;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<MentionId> SentenceRoles::place_after(std::uint32_t v) const {
  return party_after_cue(v, 4, {"in", "at", "to"});
}

std::optional<MentionId> SentenceRoles::counterpart_after(std::uint32_t v) const {
  return party_after_cue(v, 10, {"with"});
}

std::optional<MentionId> SentenceRoles::user_after(std::uint32_t v) const {
  for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 10; ++i) {
    if (m_s.word(i) != "that" && m_s.word(i) != "which") continue;
    const auto user = m_s.mention_at(i + 1);
    if (!user || m_s.mention(*user).maker) return std::nullopt;
    const std::uint32_t end = m_s.mention(*user).end;
    for (std::uint32_t k = end; k < m_s.size() && k < end + 4; ++k) {
      if (m_s.is(WordClass::use, k)) return user;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool SentenceRoles::destined(std::uint32_t from, std::uint32_t to) const {
  for (std::uint32_t i = from; i + 1 < to; ++i) {
    if (m_s.is(WordClass::destined, i) && (m_s.word(i + 1) == "for" || m_s.word(i + 1) == "to")) {
      return true;
    }
  }
  return false;
}

std::optional<MentionId> SentenceRoles::recipient_before_list(std::uint32_t begin) const {
  for (std::uint32_t k = begin; k > 0 && k + 8 > begin;) {
    --k;
    if (m_s.verb_word(k)) return std::nullopt;
    if (!m_s.is(WordClass::including, k) || m_s.word(k) == "like") continue;
    for (std::uint32_t i = k; i > 0 && i + 6 > k;) {
      --i;
      if (!m_s.is(WordClass::to, i) || (i > 0 && m_s.is(WordClass::travel, i - 1))) continue;
      const auto id = mention_after_cue(i);
      if (id && receiver(*id)) return id;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace newsmon::rules::detail
