// Building the dictionary over token sequences (the phrase trie) and the list index
// from the expressions of a compiled program.

#include <algorithm>

#include "daemon/rules/program.h"

namespace newsmon::rules::detail {
namespace {

// An OR of fewer phrases is evaluated child by child: looking a few phrases up costs
// less than gathering them.
constexpr std::uint64_t k_min_list_phrases = 8;

// Lists of lists can hold more phrases than any index could: counts stop here.
constexpr std::uint64_t k_phrase_count_cap = std::uint64_t{1} << 48;

// The rule an expression belongs to; none for the expressions of named lists.
std::optional<RuleIndex> rule_of(const Program& program, ExprId id) {
  const auto& firsts = program.rule_first_expr;
  const auto after = std::upper_bound(firsts.begin(), firsts.end(), id);
  if (after == firsts.begin()) return std::nullopt;
  return static_cast<RuleIndex>(after - firsts.begin() - 1);
}

class PhraseBuilder {
 public:
  explicit PhraseBuilder(Program& program) : m_program(program), m_index(program.phrases) {}

  /// What the index holds, estimated.
  std::size_t bytes() const {
    return m_index.expr_phrase.size() * sizeof(PhraseId) +
           m_index.first.size() * sizeof(std::uint32_t) +
           m_index.ends.size() * (sizeof(PhraseId) + 1) + m_index.next.size() * 16;
  }

  void run() {
    m_index = PhraseIndex{};
    m_index.expr_phrase.assign(m_program.exprs.size(), k_no_phrase);
    m_index.first.assign(m_program.dictionary.size(), 0);
    new_node();  // node 0 stands for "none"
    for (ExprId id = 0; id < m_program.exprs.size(); ++id) {
      const Expr& expr = m_program.exprs[id];
      if (expr.kind == ExprKind::phrase) m_index.expr_phrase[id] = add(expr);
    }
  }

 private:
  std::uint32_t new_node() {
    m_index.ends.push_back(k_no_phrase);
    m_index.goes_on.push_back(0);
    return static_cast<std::uint32_t>(m_index.ends.size() - 1);
  }

  PhraseId add(const Expr& expr) {
    const PatternId* patterns = &m_program.phrase_patterns[expr.first];
    std::uint32_t node = m_index.first[patterns[0]];
    if (node == 0) node = m_index.first[patterns[0]] = new_node();
    for (std::uint32_t k = 1; k < expr.count; ++k) {
      m_index.goes_on[node] = 1;
      const auto key = (std::uint64_t{node} << 32) | patterns[k];
      const auto candidate = static_cast<std::uint32_t>(m_index.ends.size());
      node = m_index.next.emplace(key, candidate);
      if (node == candidate) new_node();
    }
    if (m_index.ends[node] == k_no_phrase) {
      m_index.ends[node] = static_cast<PhraseId>(m_index.phrase_count++);
    }
    return m_index.ends[node];
  }

  Program& m_program;
  PhraseIndex& m_index;
};

class ListBuilder {
 public:
  ListBuilder(Program& program, std::size_t max_bytes, std::size_t& used)
      : m_program(program), m_index(program.lists), m_max_bytes(max_bytes), m_used(used) {}

  std::optional<Overrun> run() {
    m_index = ListIndex{};
    const std::size_t count = m_program.exprs.size();
    // Children are compiled before their parents, so one pass in id order sees every
    // child's answer before its parent asks.
    m_phrases.assign(count, 0);
    for (ExprId id = 0; id < count; ++id) m_phrases[id] = phrases_below(id);
    if (auto overrun = reserve()) return overrun;
    m_index.expr_list.assign(count, 0);
    std::vector<std::vector<ListMember>> by_phrase(m_program.phrases.phrase_count);
    for (ExprId id = 0; id < count; ++id) {
      if (!is_list(id)) continue;
      const auto list = static_cast<std::uint32_t>(m_index.list_count++);
      m_index.expr_list[id] = list + 1;
      std::uint32_t rank = 0;
      flatten(id, list, rank, by_phrase);
    }
    m_index.member_begin.reserve(by_phrase.size() + 1);
    for (const auto& members : by_phrase) {
      m_index.member_begin.push_back(static_cast<std::uint32_t>(m_index.members.size()));
      m_index.members.insert(m_index.members.end(), members.begin(), members.end());
    }
    m_index.member_begin.push_back(static_cast<std::uint32_t>(m_index.members.size()));
    return std::nullopt;
  }

 private:
  bool is_list(ExprId id) const {
    return m_program.exprs[id].kind == ExprKind::any_of && m_phrases[id] >= k_min_list_phrases;
  }

  // Every list holds each of its phrases once, nested lists expanded: that is what grows
  // with a list's entries times the rules (and lists) that use it. Counted before any of
  // it is built; the members are held twice while they are sorted by phrase.
  std::optional<Overrun> reserve() {
    std::size_t bytes = m_program.exprs.size() * sizeof(std::uint32_t) +
                        m_program.phrases.phrase_count * (sizeof(std::vector<ListMember>) + 4);
    for (ExprId id = 0; id < m_program.exprs.size(); ++id) {
      if (!is_list(id)) continue;
      bytes += 2 * m_phrases[id] * sizeof(ListMember);
      if (m_used + bytes > m_max_bytes) return Overrun{rule_of(m_program, id), id, m_used + bytes};
    }
    m_used += bytes;
    return std::nullopt;
  }

  /// How many phrases an OR of phrases holds, counting nested ORs; 0 when it holds
  /// anything else.
  std::uint64_t phrases_below(ExprId id) const {
    const Expr& expr = m_program.exprs[id];
    if (expr.kind == ExprKind::phrase) return 1;
    if (expr.kind != ExprKind::any_of) return 0;
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const std::uint64_t below = m_phrases[m_program.children[expr.first + i]];
      if (below == 0) return 0;
      total = std::min(total + below, k_phrase_count_cap);
    }
    return total;
  }

  /// The phrases of the OR in the order evaluating it child by child would meet them.
  void flatten(ExprId id, std::uint32_t list, std::uint32_t& rank,
               std::vector<std::vector<ListMember>>& by_phrase) const {
    const Expr& expr = m_program.exprs[id];
    if (expr.kind == ExprKind::phrase) {
      by_phrase[m_program.phrases.expr_phrase[id]].push_back(ListMember{list, rank++, id});
      return;
    }
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      flatten(m_program.children[expr.first + i], list, rank, by_phrase);
    }
  }

  Program& m_program;
  ListIndex& m_index;
  std::size_t m_max_bytes;
  std::size_t& m_used;
  std::vector<std::uint64_t> m_phrases;  ///< by expression: phrases_below
};

}  // namespace

std::optional<Overrun> index_phrases(Program& program, std::size_t max_bytes, std::size_t& used) {
  PhraseBuilder phrases(program);
  phrases.run();
  used += phrases.bytes();
  if (used > max_bytes) return Overrun{std::nullopt, 0, used};
  return ListBuilder(program, max_bytes, used).run();
}

}  // namespace newsmon::rules::detail
