// What the words around a transfer word say about it: its status, whether it stands in
// the story's background, whether what it moves is goods, whether it signs a pact.

#include "daemon/rules/extract_clauses.h"

#include <algorithm>

namespace newsmon::rules::detail {

bool TransferClauses::background(std::uint32_t v) const {
  for (std::uint32_t i = v + 1; i > 1;) {
    --i;
    if (m_s.gap(i).find(',') == std::string_view::npos) continue;
    if (!m_s.is(WordClass::relative, i)) return false;
    for (std::uint32_t k = v + 1; k < m_s.size(); ++k) {
      if (m_s.gap(k).find(',') != std::string_view::npos) return true;
    }
    return false;
  }
  return false;
}

bool TransferClauses::sends_goods(std::uint32_t v) const {
  const auto goods = [&](std::uint32_t i) {
    return m_s.is(WordClass::goods, i) || m_s.non_weapon(i);
  };
  bool moved = v > 0 && goods(v - 1);
  for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 7; ++i) {
    if (m_s.gap(i).find(',') != std::string_view::npos || m_s.is(WordClass::including, i) ||
        m_roles.verb_at(i)) {
      break;
    }
    if (m_s.span_at(i)) return false;  // "grain and Leopard tanks": arms too
    moved = moved || goods(i);
  }
  return moved;
}

bool TransferClauses::signs_no_purchase(std::uint32_t v) const {
  if (m_roles.verb_at(v)->role != Role::contract) return false;
  for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 5; ++i) {
    const VerbInfo* next = m_roles.verb_at(i);
    if (m_s.not_a_verb(i) || (next && next->role == Role::contract)) return true;
    if (m_s.span_at(i) || m_s.mention_at(i) || m_roles.verb_at(i) ||
        m_s.gap(i).find(',') != std::string_view::npos) {
      return false;
    }
  }
  return false;
}

bool TransferClauses::buyer_before_noun(MentionId id, std::uint32_t v) const {
  const Mention& buyer = m_s.mention(id);
  if (buyer.maker || !m_s.is(WordClass::transfer_nouns, v) || buyer.end + 3 < v) return false;
  for (std::uint32_t i = buyer.end; i < v; ++i) {
    if (!m_s.span_at(i) && !m_s.is(WordClass::fillers, i)) return false;
  }
  return true;
}

bool TransferClauses::lifting_before(std::uint32_t v) const {
  for (std::uint32_t i = words_back(v, 6); i < v; ++i) {
    if (m_s.is(WordClass::lifting, i)) return true;
  }
  return false;
}

std::optional<std::uint32_t> TransferClauses::request_before(std::uint32_t v) const {
  for (std::uint32_t i = v; i > 0 && i + 8 > v;) {
    --i;
    if (m_s.cue(i) == Cue::requested && !m_s.is(WordClass::advice, i)) return i;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> TransferClauses::urging_between(std::uint32_t from,
                                                             std::uint32_t v) const {
  for (std::uint32_t i = from; i + 1 < v; ++i) {
    if (!m_s.is(WordClass::urging, i)) continue;
    const std::string_view next = m_s.word(i + 1);
    if (next == "it" || next == "them" || m_s.mention_at(i + 1)) return i;
  }
  return std::nullopt;
}

bool TransferClauses::cue_before(std::uint32_t v, Cue wanted) const {
  for (std::uint32_t i = words_back(v, 5); i < v; ++i) {
    if (m_s.cue(i) == wanted) return true;
  }
  return false;
}

Cue TransferClauses::status_for(std::uint32_t v, Cue base, std::uint32_t reach) const {
  v = std::min(v, m_s.size());  // `v` may be the end of a span at the end of the sentence
  const std::uint32_t start = words_back(v, reach);
  std::uint32_t first = start;
  for (std::uint32_t i = v == m_s.size() && v > 0 ? v - 1 : v; i > start; --i) {
    if (m_s.gap(i).find(',') != std::string_view::npos) {
      first = i;
      break;
    }
  }
  Cue status = base;
  bool future = false;
  for (std::uint32_t i = first; i < v; ++i) {
    Cue cue = m_s.cue(i);
    // "the air force's planes", "a joint force": a noun, not "force X to send".
    if (m_s.is(WordClass::party_cues, i) && !m_s.mention_at(i + 1)) cue = Cue::none;
    if (cue == Cue::pledged && i + 3 >= v) future = true;
    if (cue > status && cue != Cue::pledged) status = cue;
  }
  if (future && (status == Cue::delivered || status == Cue::delivering)) status = Cue::pledged;
  return status == Cue::none ? Cue::pledged : status;
}

}  // namespace newsmon::rules::detail
