// Selecting, for each rule, the dictionary patterns that must occur in a story for the
// rule to match, so a story is only evaluated against rules it can match.

#include <algorithm>
#include <array>
#include <unordered_map>

#include "daemon/rules/program.h"

namespace newsmon::rules::detail {
namespace {

// Words so frequent that anchoring a rule on them alone would select it for nearly
// every story.
constexpr std::array<std::string_view, 28> k_common_words{
    "a",    "an",   "and",  "are", "as",  "at",   "be",   "by",  "for", "from",
    "has",  "have", "in",   "is",  "it",  "its",  "of",   "on",  "or",  "said",
    "that", "the",  "this", "to",  "was", "were", "will", "with"};

// Enough sets to make a rule's selection specific; more would only cost postings.
constexpr std::size_t k_max_sets = 3;

struct AnchorSet {
  std::vector<PatternId> patterns;  ///< sorted, unique
  int quality = 0;                  ///< of the least selective pattern; higher is rarer
};

/// Necessary conditions: every set must have one of its patterns in the story.
using AnchorSets = std::vector<AnchorSet>;

std::size_t bytes_of(const AnchorSets& sets) {
  std::size_t bytes = sizeof(AnchorSets) + 64;  // with its entry in the memo
  for (const AnchorSet& set : sets) bytes += sizeof(AnchorSet) + set.patterns.size() * 4;
  return bytes;
}

class Indexer {
 public:
  explicit Indexer(const Program& program) : m_program(program) {}

  const AnchorSets& anchors(ExprId id) {
    if (const auto memo = m_memo.find(id); memo != m_memo.end()) return memo->second;
    AnchorSets sets = compute(m_program.exprs[id]);
    m_bytes += bytes_of(sets);
    return m_memo.emplace(id, std::move(sets)).first->second;
  }

  /// What the memo holds, estimated.
  std::size_t bytes() const { return m_bytes; }

 private:
  int quality(PatternId id) const {
    const Pattern& pattern = m_program.dictionary.pattern(id);
    const int length = static_cast<int>(std::min<std::size_t>(pattern.key.size(), 8));
    switch (pattern.kind) {
      case PatternKind::exact:
        if (std::find(k_common_words.begin(), k_common_words.end(), pattern.key) !=
            k_common_words.end()) {
          return 0;
        }
        return 4 + length + (pattern.cased.empty() ? 0 : 2);
      case PatternKind::stem: return 3 + length;
      case PatternKind::prefix: return length;
    }
    return 0;
  }

  static void best_first(AnchorSets& sets) {
    std::stable_sort(sets.begin(), sets.end(), [](const AnchorSet& a, const AnchorSet& b) {
      if (a.quality != b.quality) return a.quality > b.quality;
      return a.patterns.size() < b.patterns.size();
    });
    sets.erase(std::unique(
                   sets.begin(), sets.end(),
                   [](const AnchorSet& a, const AnchorSet& b) { return a.patterns == b.patterns; }),
               sets.end());
    if (sets.size() > k_max_sets) sets.resize(k_max_sets);
  }

  AnchorSets compute(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::phrase: return phrase(expr);
      case ExprKind::regex:
      case ExprKind::negation: return {};
      case ExprKind::scope: return anchors(m_program.children[expr.first]);
      case ExprKind::any_of: return any_of(expr);
      case ExprKind::all_of:
      case ExprKind::near: return all_of(expr);
    }
    return {};
  }

  AnchorSets phrase(const Expr& expr) {
    AnchorSets sets;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const PatternId id = m_program.phrase_patterns[expr.first + i];
      sets.push_back(AnchorSet{{id}, quality(id)});
    }
    best_first(sets);
    return sets;
  }

  // An OR holds only where one of its children does, and a child holds only where each
  // of its sets has a pattern: so the union of every child's k-th best set is a set of
  // the OR, for as many k as every child has sets.
  AnchorSets any_of(const Expr& expr) {
    std::vector<const AnchorSets*> children;
    std::size_t levels = k_max_sets;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const AnchorSets& child = anchors(m_program.children[expr.first + i]);
      if (child.empty()) return {};  // this alternative needs nothing: neither does the OR
      children.push_back(&child);
      levels = std::min(levels, child.size());
    }
    AnchorSets sets;
    for (std::size_t level = 0; level < levels; ++level) {
      AnchorSet all;
      all.quality = 1 << 20;
      for (const AnchorSets* child : children) {
        const AnchorSet& set = (*child)[level];
        all.patterns.insert(all.patterns.end(), set.patterns.begin(), set.patterns.end());
        all.quality = std::min(all.quality, set.quality);
      }
      std::sort(all.patterns.begin(), all.patterns.end());
      all.patterns.erase(std::unique(all.patterns.begin(), all.patterns.end()), all.patterns.end());
      sets.push_back(std::move(all));
    }
    best_first(sets);
    return sets;
  }

  AnchorSets all_of(const Expr& expr) {
    AnchorSets sets;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const AnchorSets& child = anchors(m_program.children[expr.first + i]);
      sets.insert(sets.end(), child.begin(), child.end());
    }
    best_first(sets);
    return sets;
  }

  const Program& m_program;
  std::unordered_map<ExprId, AnchorSets> m_memo;
  std::size_t m_bytes = 0;
};

// A gate's set spanning more words of the story's pattern bitmap than this costs more
// to test than it saves (the sets of long lists): it is left out.
constexpr std::size_t k_max_gate_words = 8;

// Whether an expression is worth a gate: a phrase is tested by its own occurrences and
// a list by its members that occur; regular expressions and NOT need no word.
bool gated_kind(const Program& program, ExprId id) {
  switch (program.exprs[id].kind) {
    case ExprKind::all_of:
    case ExprKind::near:
    case ExprKind::scope: return true;
    case ExprKind::any_of: return program.lists.expr_list[id] == 0;
    default: return false;
  }
}

// Gives the expressions of the rule (from its first to the next rule's first) their
// gates; returns the bytes they take.
std::size_t gate_rule(Program& program, Indexer& indexer, RuleIndex rule) {
  const ExprId first = program.rule_first_expr[rule];
  const ExprId end = rule + 1 < program.rule_first_expr.size()
                         ? program.rule_first_expr[rule + 1]
                         : static_cast<ExprId>(program.exprs.size());
  std::size_t bytes = 0;
  for (ExprId id = first; id < end; ++id) {
    if (!gated_kind(program, id)) continue;
    const AnchorSets& sets = indexer.anchors(id);
    if (sets.empty()) continue;
    std::vector<PatternMask> gate;
    for (const AnchorSet& set : sets) {
      PatternMask mask = PatternMask::of(set.patterns);
      if (mask.words.size() > k_max_gate_words) continue;
      bytes += sizeof(PatternMask) + mask.words.size() * 16;
      gate.push_back(std::move(mask));
    }
    if (gate.empty()) continue;
    program.gates.push_back(std::move(gate));
    program.expr_gate[id] = static_cast<std::uint32_t>(program.gates.size());
  }
  return bytes;
}

}  // namespace

std::optional<Overrun> index_rules(Program& program, std::size_t max_bytes) {
  std::size_t used = program_bytes(program);
  if (used > max_bytes) return Overrun{std::nullopt, 0, used};
  if (auto overrun = index_phrases(program, max_bytes, used)) return overrun;
  program.anchored.assign(program.dictionary.size(), {});
  program.other_sets.assign(program.rules.size(), {});
  program.always.clear();
  program.expr_gate.assign(program.exprs.size(), 0);
  program.gates.clear();
  used += program.dictionary.size() * sizeof(std::vector<RuleIndex>) +
          program.rules.size() * sizeof(std::vector<std::vector<PatternId>>);
  Indexer indexer(program);
  std::size_t postings = 0;  // rule numbers under patterns and the other sets' patterns
  for (RuleIndex index = 0; index < program.rules.size(); ++index) {
    postings += gate_rule(program, indexer, index);
    const AnchorSets& sets = indexer.anchors(program.rules[index].query);
    if (sets.empty()) {
      program.always.push_back(index);
      continue;
    }
    for (const PatternId id : sets.front().patterns) program.anchored[id].push_back(index);
    postings += sets.front().patterns.size() * sizeof(RuleIndex);
    for (std::size_t s = 1; s < sets.size(); ++s) {
      program.other_sets[index].push_back(sets[s].patterns);
      postings += sizeof(std::vector<PatternId>) + sets[s].patterns.size() * sizeof(PatternId);
    }
    if (used + indexer.bytes() + postings > max_bytes) {
      return Overrun{index, program.rules[index].query, used + indexer.bytes() + postings};
    }
  }
  return std::nullopt;
}

std::size_t program_bytes(const Program& program) {
  // Each pattern also has an entry in two or three hash tables and, for prefixes, trie
  // nodes: about 96 bytes beside the pattern itself.
  std::size_t bytes = 0;
  for (std::size_t id = 0; id < program.dictionary.size(); ++id) {
    const Pattern& pattern = program.dictionary.pattern(static_cast<PatternId>(id));
    bytes += sizeof(Pattern) + 96 + pattern.key.size() + pattern.cased.size();
  }
  bytes += program.exprs.capacity() * sizeof(Expr) + program.children.capacity() * sizeof(ExprId) +
           program.phrase_patterns.capacity() * sizeof(PatternId) +
           program.regexes.size() * 1024;  // RE2 objects before their lazy DFA memory
  for (const CompiledRule& rule : program.rules) {
    bytes += sizeof(CompiledRule) + rule.examples.size() * sizeof(Example);
  }
  return bytes;
}

}  // namespace newsmon::rules::detail
