#include "daemon/rules/evaluator.h"

#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

namespace newsmon::rules::detail {
namespace {

// Bounds on the work one expression may do on one story, so a pathological story (the
// same word ten thousand times) costs little more than an ordinary one.
constexpr std::size_t k_max_occurrences = 256;
constexpr std::size_t k_max_regex_matches = 256;

bool overlaps(const Occurrence& a, const Occurrence& b) {
  return a.field == b.field && a.first <= b.last && b.first <= a.last && a.start < b.end &&
         b.start < a.end;
}

}  // namespace

void Evaluator::reset(const Program& program, Analysis& analysis, Explain explain) {
  m_program = &program;
  m_analysis = &analysis;
  m_explain = explain;
  m_rule = nullptr;
  m_depth = 0;
}

void Evaluator::begin_rule(const CompiledRule& rule) {
  m_rule = &rule;
  m_masks.clear();
  m_masks_located = false;
  m_removed.clear();
  m_hits.clear();
  m_masks_on = false;
}

std::vector<Occurrence>& Evaluator::scratch(std::size_t depth) {
  while (m_scratch.size() <= depth) {
    m_scratch.push_back(std::make_unique<std::vector<Occurrence>>());
  }
  auto& buffer = *m_scratch[depth];
  buffer.clear();
  return buffer;
}

bool Evaluator::evaluate(ExprId id, FieldMask fields, std::vector<Occurrence>* out) {
  if (m_explain == Explain::no && !may_hold(id)) return false;
  const Expr& expr = m_program->exprs[id];
  switch (expr.kind) {
    case ExprKind::phrase: return phrase(id, fields, out);
    case ExprKind::regex: return regex(expr, fields, out);
    case ExprKind::all_of: return all_of(expr, fields, out);
    case ExprKind::any_of: return any_of(id, fields, out);
    case ExprKind::negation: return !evaluate(m_program->children[expr.first], fields, nullptr);
    case ExprKind::near: return near(expr, fields, out);
    case ExprKind::scope:
      return evaluate(m_program->children[expr.first], static_cast<FieldMask>(fields & expr.fields),
                      out);
  }
  return false;
}

bool Evaluator::may_hold(ExprId id) const {
  const std::uint32_t gate = id < m_program->expr_gate.size() ? m_program->expr_gate[id] : 0;
  if (gate == 0) return true;
  for (const PatternMask& set : m_program->gates[gate - 1]) {
    if (!m_analysis->occurs_any(set)) return false;
  }
  return true;
}

bool Evaluator::all_of(const Expr& expr, FieldMask fields, std::vector<Occurrence>* out) {
  const std::size_t mark = out ? out->size() : 0;
  for (std::uint32_t i = 0; i < expr.count; ++i) {
    const ExprId child = m_program->children[expr.first + i];
    if (absent(child) || !evaluate(child, fields, out)) {
      if (out) out->resize(mark);
      return false;
    }
  }
  return true;
}

bool Evaluator::any_of(ExprId id, FieldMask fields, std::vector<Occurrence>* out) {
  if (const std::uint32_t number = m_program->lists.expr_list[id]; number != 0) {
    return list(number - 1, fields, out);
  }
  const Expr& expr = m_program->exprs[id];
  bool any = false;
  for (std::uint32_t i = 0; i < expr.count; ++i) {
    const ExprId child = m_program->children[expr.first + i];
    if (!absent(child) && evaluate(child, fields, out)) {
      any = true;
      if (!out) return true;
    }
  }
  return any;
}

bool Evaluator::near(const Expr& expr, FieldMask fields, std::vector<Occurrence>* out) {
  const ExprId first = m_program->children[expr.first];
  const ExprId second = m_program->children[expr.first + 1];
  // With explanations, the first operand is evaluated even when the second is absent,
  // for the masks it notes on the way.
  if (absent(first) || (m_explain == Explain::no && absent(second))) return false;
  // Two scratch vectors per nesting level, so nested NEARs do not share them.
  const std::size_t depth = m_depth;
  m_depth += 2;
  auto& left = scratch(depth);
  auto& right = scratch(depth + 1);
  const bool both = evaluate(first, fields, &left) && evaluate(second, fields, &right);
  m_depth = depth;
  if (!both) return false;
  bool any = false;
  std::size_t added = 0;
  for (const Occurrence& a : left) {
    for (const Occurrence& b : right) {
      if (a.field != b.field) continue;
      // "Within n" counts the words between the two operands; operands that overlap
      // (the same word) do not pair up.
      bool close = false;
      if (b.first > a.last) {
        close = b.first - a.last - 1 <= expr.distance;
      } else if (!expr.ordered && a.first > b.last) {
        close = a.first - b.last - 1 <= expr.distance;
      }
      if (!close) continue;
      any = true;
      if (!out) return true;
      if (added++ >= k_max_occurrences) return true;
      Occurrence pair{a.field,
                      std::min(a.first, b.first),
                      std::max(a.last, b.last),
                      std::min(a.start, b.start),
                      std::max(a.end, b.end),
                      static_cast<std::uint32_t>(m_hits.size()),
                      0};
      for (auto i = a.hit_begin; i < a.hit_end; ++i) {
        const LeafHit hit = m_hits[i];
        m_hits.push_back(hit);
      }
      for (auto i = b.hit_begin; i < b.hit_end; ++i) {
        const LeafHit hit = m_hits[i];
        m_hits.push_back(hit);
      }
      pair.hit_end = static_cast<std::uint32_t>(m_hits.size());
      out->push_back(pair);
    }
  }
  return any;
}

bool Evaluator::list(std::uint32_t list, FieldMask fields, std::vector<Occurrence>* out) {
  bool any = false;
  for (const ListMember& member : m_analysis->members(list)) {
    if (phrase(member.leaf, fields, out)) {
      any = true;
      if (!out) return true;
    }
  }
  return any;
}

bool Evaluator::phrase(ExprId id, FieldMask fields, std::vector<Occurrence>* out) {
  const auto found = m_analysis->occurrences(m_program->phrases.expr_phrase[id]);
  if (found.empty()) return false;
  locate_masks();
  bool any = false;
  std::size_t added = 0;
  // The bound counts the places a phrase starts, as the occurrences of one first word
  // are taken whole.
  for (std::size_t i = 0; i < found.size() && added < k_max_occurrences;) {
    const PhraseOccurrence& begin = found[i];
    const auto& tokens = m_analysis->fields[begin.field].tokens();
    const util::TokenSpan& start = tokens[begin.first_token];
    for (; i < found.size() && found[i].field == begin.field &&
           found[i].first_token == begin.first_token;
         ++i) {
      if ((fields & (1u << begin.field)) == 0) continue;
      const util::TokenSpan& last = tokens[found[i].last_token];
      const Occurrence where{begin.field,
                             start.position,
                             last.last_position,
                             start.start,
                             std::max(start.end, last.end),
                             0,
                             0};
      if (!add_leaf(where, out)) continue;
      any = true;
      ++added;
      if (!out) return true;
    }
  }
  return any;
}

bool Evaluator::regex(const Expr& expr, FieldMask fields, std::vector<Occurrence>* out) {
  const RE2& pattern = *m_program->regexes[expr.first];
  locate_masks();
  bool any = false;
  for (std::uint8_t field = 0; field < 3; ++field) {
    if ((fields & (1u << field)) == 0) continue;
    const std::string_view text = m_analysis->fields[field].text;
    const auto& tokens = m_analysis->fields[field].tokens();
    std::size_t at = 0;
    re2::StringPiece found;
    for (std::size_t count = 0; at <= text.size() && count < k_max_regex_matches; ++count) {
      if (!pattern.Match(re2::StringPiece(text.data(), text.size()), at, text.size(),
                         RE2::UNANCHORED, &found, 1)) {
        break;
      }
      const auto start = static_cast<std::uint32_t>(found.data() - text.data());
      const auto end = static_cast<std::uint32_t>(start + found.size());
      at = found.empty() ? start + 1 : end;
      if (found.empty()) continue;
      // Word positions of the tokens the match touches, so regular expressions can
      // take part in NEAR like any other term.
      Occurrence where{field, 0, 0, start, end, 0, 0};
      const auto first = std::find_if(tokens.begin(), tokens.end(),
                                      [&](const util::TokenSpan& t) { return t.end > start; });
      if (first == tokens.end()) {
        where.first = where.last = tokens.empty() ? 0 : tokens.back().last_position + 1;
      } else {
        where.first = first->position;
        where.last = first->last_position;
        for (auto t = first; t != tokens.end() && t->start < end; ++t) {
          where.last = std::max(where.last, t->last_position);
        }
      }
      if (!add_leaf(where, out)) continue;
      any = true;
      if (!out) return true;
    }
  }
  return any;
}

void Evaluator::locate_masks() {
  if (m_masks_located || !m_masks_on || m_rule->masks.empty()) return;
  m_masks_located = true;
  m_masks_on = false;  // masks themselves are never masked
  for (std::uint32_t i = 0; i < m_rule->masks.size(); ++i) {
    m_covered.clear();
    evaluate(m_rule->masks[i].expr, k_all_fields, &m_covered);
    for (const Occurrence& where : m_covered) m_masks.push_back(MaskSpan{where, i});
  }
  m_masks_on = true;
}

const Evaluator::MaskSpan* Evaluator::covering_mask(const Occurrence& occurrence) const {
  for (const MaskSpan& mask : m_masks) {
    if (overlaps(mask.where, occurrence)) return &mask;
  }
  return nullptr;
}

bool Evaluator::add_leaf(Occurrence occurrence, std::vector<Occurrence>* out) {
  if (m_masks_on && !m_rule->masks.empty()) {
    if (const MaskSpan* mask = covering_mask(occurrence)) {
      if (m_explain == Explain::yes) {
        const std::string_view text = m_analysis->fields[occurrence.field].text;
        m_removed.insert(fmt::format(
            "mask \"{}\" covers \"{}\" ({} {}-{})", m_rule->masks[mask->mask].text,
            text.substr(occurrence.start, occurrence.end - occurrence.start),
            field_name(static_cast<Field>(occurrence.field)), occurrence.start, occurrence.end));
      }
      return false;
    }
  }
  if (out) {
    occurrence.hit_begin = static_cast<std::uint32_t>(m_hits.size());
    m_hits.push_back(LeafHit{occurrence.field, occurrence.start, occurrence.end});
    occurrence.hit_end = occurrence.hit_begin + 1;
    out->push_back(occurrence);
  }
  return true;
}

std::vector<Hit> Evaluator::hits_of(const std::vector<Occurrence>& occurrences,
                                    const Story& story) {
  std::vector<LeafHit>& leaves = m_leaves;
  leaves.clear();
  for (const Occurrence& occurrence : occurrences) {
    leaves.insert(leaves.end(), m_hits.begin() + occurrence.hit_begin,
                  m_hits.begin() + occurrence.hit_end);
  }
  const auto key = [](const LeafHit& hit) { return std::tuple(hit.field, hit.start, hit.end); };
  std::sort(leaves.begin(), leaves.end(),
            [&](const LeafHit& a, const LeafHit& b) { return key(a) < key(b); });
  leaves.erase(std::unique(leaves.begin(), leaves.end(),
                           [&](const LeafHit& a, const LeafHit& b) { return key(a) == key(b); }),
               leaves.end());
  const std::array<std::string_view, 3> texts{story.title, story.summary, story.content};
  std::vector<Hit> hits;
  hits.reserve(leaves.size());
  for (const LeafHit& leaf : leaves) {
    hits.push_back(Hit{static_cast<Field>(leaf.field), leaf.start, leaf.end,
                       std::string(texts[leaf.field].substr(leaf.start, leaf.end - leaf.start))});
  }
  return hits;
}

}  // namespace newsmon::rules::detail
