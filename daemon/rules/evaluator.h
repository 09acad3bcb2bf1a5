#pragma once
// Internal to daemon/rules: evaluates compiled expressions against one analysed story,
// producing the places (occurrences) where they hold and the evidence (hits) behind
// each. One Evaluator serves one thread, story after story, keeping its buffers.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "daemon/rules/analysis.h"
#include "daemon/rules/rule_set.h"

namespace newsmon::rules::detail {

/// Bytes of a field that matched a term.
struct LeafHit {
  std::uint8_t field = 0;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

/// Where an expression holds: a field and a range of word positions, with its hits as
/// a range of the evaluator's hit arena.
struct Occurrence {
  std::uint8_t field = 0;
  std::uint32_t first = 0;  ///< first word position
  std::uint32_t last = 0;   ///< last word position
  std::uint32_t start = 0;  ///< first byte
  std::uint32_t end = 0;    ///< one past the last byte
  std::uint32_t hit_begin = 0;
  std::uint32_t hit_end = 0;
};

class Evaluator {
 public:
  /// Starts on a story; the program and the analysis must outlive its evaluation.
  void reset(const Program& program, Analysis& analysis, Explain explain);

  /// Starts evaluating a rule: while masks are on, leaf occurrences that overlap one of
  /// the rule's masks are dropped (and noted when explaining). Masks are located in the
  /// story only once a leaf needs them.
  void begin_rule(const CompiledRule& rule);
  /// Whether masks apply to what is evaluated next (not to masks and exceptions).
  void use_masks(bool on) { m_masks_on = on; }

  /// Whether the expression holds in the given fields; when `out` is given, appends
  /// every place where it holds (bounded per expression).
  bool evaluate(ExprId id, FieldMask fields, std::vector<Occurrence>* out);

  /// The hits of the occurrences, sorted and without duplicates.
  std::vector<Hit> hits_of(const std::vector<Occurrence>& occurrences, const Story& story);

  /// A buffer for the occurrences of a whole query, reused from rule to rule.
  std::vector<Occurrence>& top_buffer() {
    m_top.clear();
    return m_top;
  }
  /// A second one, for an exception's occurrences.
  std::vector<Occurrence>& exception_buffer() {
    m_exception.clear();
    return m_exception;
  }

  /// What masks removed since begin_rule, as sentences (only when explaining).
  const std::set<std::string>& removed() const { return m_removed; }

 private:
  struct MaskSpan {
    Occurrence where;
    std::uint32_t mask = 0;
  };

  /// Whether the expression is a phrase the story does not contain: most terms of a
  /// large query are, and they are passed over without a call to evaluate them.
  bool absent(ExprId id) const {
    const PhraseId phrase = m_program->phrases.expr_phrase[id];
    return phrase != k_no_phrase && !m_analysis->contains(phrase);
  }
  /// Whether the expression's gate lets it hold in this story (always, without a gate).
  /// Explanations pass no gate: what masks remove is noted along the way even where the
  /// expression fails.
  bool may_hold(ExprId id) const;
  bool phrase(ExprId id, FieldMask fields, std::vector<Occurrence>* out);
  bool regex(const Expr& expr, FieldMask fields, std::vector<Occurrence>* out);
  bool near(const Expr& expr, FieldMask fields, std::vector<Occurrence>* out);
  bool all_of(const Expr& expr, FieldMask fields, std::vector<Occurrence>* out);
  bool any_of(ExprId id, FieldMask fields, std::vector<Occurrence>* out);
  /// An OR of many phrases: only its phrases that occur are evaluated, in list order.
  bool list(std::uint32_t list, FieldMask fields, std::vector<Occurrence>* out);
  /// Adds a leaf occurrence unless a mask covers it; returns whether it was added.
  bool add_leaf(Occurrence occurrence, std::vector<Occurrence>* out);
  const MaskSpan* covering_mask(const Occurrence& occurrence) const;
  /// Finds the rule's masks in the story, once per rule and before any leaf needs them.
  void locate_masks();
  /// A scratch vector for the given nesting depth, kept between rules to save allocations.
  std::vector<Occurrence>& scratch(std::size_t depth);

  const Program* m_program = nullptr;
  Analysis* m_analysis = nullptr;
  Explain m_explain = Explain::no;
  const CompiledRule* m_rule = nullptr;
  bool m_masks_on = false;
  bool m_masks_located = false;
  std::vector<MaskSpan> m_masks;
  /// By depth; each buffer is held by pointer, so references stay valid as depths are added.
  std::vector<std::unique_ptr<std::vector<Occurrence>>> m_scratch;
  std::size_t m_depth = 0;
  std::vector<Occurrence> m_top;
  std::vector<Occurrence> m_exception;
  std::vector<Occurrence> m_covered;  ///< one mask's occurrences
  std::vector<LeafHit> m_hits;
  std::vector<LeafHit> m_leaves;  ///< hits_of's work
  std::set<std::string> m_removed;
};

}  // namespace newsmon::rules::detail
