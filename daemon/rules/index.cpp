// Selecting, for each rule, the dictionary patterns at least one of which must occur in
// a story for the rule to match, so a story is only evaluated against rules it can match.

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "daemon/rules/program.h"

namespace newsmon::rules::detail {
namespace {

// Words so frequent that anchoring a rule on them would select it for nearly every story.
constexpr std::array<std::string_view, 28> k_common_words{
    "a",    "an",   "and",  "are", "as",  "at",   "be",   "by",  "for", "from",
    "has",  "have", "in",   "is",  "it",  "its",  "of",   "on",  "or",  "said",
    "that", "the",  "this", "to",  "was", "were", "will", "with"};

struct Anchors {
  std::vector<PatternId> patterns;
  int quality = 0;  ///< of the least selective pattern; higher is rarer
};

class Indexer {
 public:
  explicit Indexer(const Program& program) : m_program(program) {}

  std::optional<Anchors> anchors(ExprId id) {
    if (const auto memo = m_memo.find(id); memo != m_memo.end()) return memo->second;
    auto result = compute(m_program.exprs[id]);
    m_memo.emplace(id, result);
    return result;
  }

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

  static bool better(const Anchors& a, const Anchors& b) {
    if (a.quality != b.quality) return a.quality > b.quality;
    return a.patterns.size() < b.patterns.size();
  }

  std::optional<Anchors> compute(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::phrase: return phrase(expr);
      case ExprKind::regex:
      case ExprKind::negation: return std::nullopt;
      case ExprKind::scope: return anchors(m_program.children[expr.first]);
      case ExprKind::any_of: return any_of(expr);
      case ExprKind::all_of:
      case ExprKind::near: return best_child(expr);
    }
    return std::nullopt;
  }

  std::optional<Anchors> phrase(const Expr& expr) {
    Anchors best;
    best.quality = -1;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const PatternId id = m_program.phrase_patterns[expr.first + i];
      const int q = quality(id);
      if (q > best.quality) best = Anchors{{id}, q};
    }
    return best;
  }

  std::optional<Anchors> any_of(const Expr& expr) {
    Anchors all;
    all.quality = 1 << 20;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const auto child = anchors(m_program.children[expr.first + i]);
      if (!child) return std::nullopt;
      all.patterns.insert(all.patterns.end(), child->patterns.begin(), child->patterns.end());
      all.quality = std::min(all.quality, child->quality);
    }
    std::sort(all.patterns.begin(), all.patterns.end());
    all.patterns.erase(std::unique(all.patterns.begin(), all.patterns.end()), all.patterns.end());
    return all;
  }

  std::optional<Anchors> best_child(const Expr& expr) {
    std::optional<Anchors> best;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      auto child = anchors(m_program.children[expr.first + i]);
      if (child && (!best || better(*child, *best))) best = std::move(child);
    }
    return best;
  }

  const Program& m_program;
  std::unordered_map<ExprId, std::optional<Anchors>> m_memo;
};

}  // namespace

void index_rules(Program& program) {
  program.anchored.assign(program.dictionary.size(), {});
  program.always.clear();
  Indexer indexer(program);
  for (RuleIndex index = 0; index < program.rules.size(); ++index) {
    const auto anchors = indexer.anchors(program.rules[index].query);
    if (!anchors || anchors->patterns.empty()) {
      program.always.push_back(index);
      continue;
    }
    for (const PatternId id : anchors->patterns) program.anchored[id].push_back(index);
  }
}

}  // namespace newsmon::rules::detail
