#include "daemon/rules/compiled_size.h"

#include <fmt/format.h>

namespace newsmon::rules::detail {
namespace {

std::string mebibytes(std::size_t bytes) {
  return fmt::format("{} MiB", (bytes + (std::size_t{1} << 20) - 1) >> 20);
}

const char* const k_advice =
    "use the list in fewer rules (one rule can take several alternatives: "
    "`$list AND (a OR b)`), split or shorten it, or raise rules.max_compiled in the "
    "configuration";

// The expressions of a rule: from its first to the next rule's first.
std::pair<ExprId, ExprId> rule_exprs(const Program& program, RuleIndex rule) {
  const ExprId first = program.rule_first_expr[rule];
  const ExprId end = rule + 1 < program.rule_first_expr.size()
                         ? program.rule_first_expr[rule + 1]
                         : static_cast<ExprId>(program.exprs.size());
  return {first, end};
}

// The largest named list among the children of the expressions in [first, end).
const NamedList* largest_list(const Program& program, ExprId first, ExprId end, ExprId* list_expr) {
  const NamedList* largest = nullptr;
  for (ExprId id = first; id < end; ++id) {
    const Expr& expr = program.exprs[id];
    if (expr.kind == ExprKind::phrase || expr.kind == ExprKind::regex) continue;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      const ExprId child = program.children[expr.first + i];
      const auto found = program.named_lists.find(child);
      if (found == program.named_lists.end()) continue;
      if (largest == nullptr || found->second.entries > largest->entries) {
        largest = &found->second;
        *list_expr = child;
      }
    }
  }
  return largest;
}

bool refers_to(const Program& program, ExprId first, ExprId end, ExprId target) {
  for (ExprId id = first; id < end; ++id) {
    const Expr& expr = program.exprs[id];
    if (expr.kind == ExprKind::phrase || expr.kind == ExprKind::regex) continue;
    for (std::uint32_t i = 0; i < expr.count; ++i) {
      if (program.children[expr.first + i] == target) return true;
    }
  }
  return false;
}

std::size_t rules_using(const Program& program, ExprId list_expr) {
  std::size_t count = 0;
  for (RuleIndex rule = 0; rule < program.rules.size(); ++rule) {
    const auto [first, end] = rule_exprs(program, rule);
    if (refers_to(program, first, end, list_expr)) ++count;
  }
  return count;
}

// The list being indexed, or else the largest.
const NamedList* named_or_largest(const Program& program, ExprId expr) {
  if (const auto named = program.named_lists.find(expr); named != program.named_lists.end()) {
    return &named->second;
  }
  const NamedList* largest = nullptr;
  for (const auto& [id, list] : program.named_lists) {
    if (largest == nullptr || list.entries > largest->entries) largest = &list;
  }
  return largest;
}

util::Diagnostic about_rule(const Program& program, RuleIndex rule, std::size_t max_bytes) {
  const CompiledRule& compiled = program.rules[rule];
  util::Diagnostic diagnostic = compiled.where;
  const auto [first, end] = rule_exprs(program, rule);
  ExprId list_expr = 0;
  const NamedList* list = largest_list(program, first, end, &list_expr);
  if (list == nullptr) {
    diagnostic.message = fmt::format(
        "rule '{}': the rules compile to more than rules.max_compiled ({}) by "
        "this rule; fewer or shorter rules, or raise rules.max_compiled",
        compiled.id, mebibytes(max_bytes));
    return diagnostic;
  }
  diagnostic.message = fmt::format(
      "rule '{}': the rules compile to more than rules.max_compiled ({}) by this rule, which "
      "uses list '{}' ({} entries, defined at {}:{}); {} rules use it, and each costs about "
      "10 bytes per entry; {}",
      compiled.id, mebibytes(max_bytes), list->name, list->entries, list->where.file.string(),
      list->where.line, rules_using(program, list_expr), k_advice);
  return diagnostic;
}

}  // namespace

util::Diagnostic describe_overrun(const Program& program, const Overrun& overrun,
                                  std::size_t max_bytes) {
  if (overrun.rule) return about_rule(program, *overrun.rule, max_bytes);
  // The lists themselves (or lists of lists) are too large.
  const NamedList* largest = named_or_largest(program, overrun.expr);
  if (largest == nullptr) {
    util::Diagnostic diagnostic =
        program.rules.empty() ? util::Diagnostic{} : program.rules[0].where;
    diagnostic.message = fmt::format(
        "the rules compile to more than rules.max_compiled ({}): fewer or shorter rules, or "
        "raise rules.max_compiled",
        mebibytes(max_bytes));
    return diagnostic;
  }
  util::Diagnostic diagnostic = largest->where;
  diagnostic.message = fmt::format(
      "list '{}' ({} entries): the lists compile to more than rules.max_compiled ({}); lists "
      "that include other lists hold their entries again; {}",
      largest->name, largest->entries, mebibytes(max_bytes), k_advice);
  return diagnostic;
}

}  // namespace newsmon::rules::detail
