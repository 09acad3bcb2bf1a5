#include "daemon/app/rule_check.h"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "daemon/rules/rule_set.h"

namespace newsmon::app {

int check_rules(const std::vector<std::filesystem::path>& paths, std::ostream& out,
                std::uint64_t max_compiled, std::vector<rules::RuleSummary>* summaries) {
  rules::LoadOptions options;
  options.max_compiled = static_cast<std::size_t>(max_compiled);
  auto loaded = rules::load_rules(paths, options);
  if (summaries) *summaries = std::move(loaded.summaries);
  if (!loaded.rules) {
    out << util::format_all(loaded.errors);
    return static_cast<int>(loaded.errors.size());
  }
  const auto failures = loaded.rules->run_tests();
  for (const auto& failure : failures) {
    util::Diagnostic diagnostic = failure.where;
    diagnostic.message = failure.message;
    out << diagnostic.format() << '\n';
  }
  if (failures.empty()) {
    const auto stats = loaded.rules->stats();
    out << fmt::format("rules: {} rules, {} terms, all tests pass\n", stats.rules, stats.patterns);
    const auto disabled = summaries ? std::count_if(summaries->begin(), summaries->end(),
                                                    [](const auto& rule) { return !rule.enabled; })
                                    : 0;
    if (disabled > 0) out << fmt::format("rules: {} more disabled (enabled: false)\n", disabled);
  }
  return static_cast<int>(failures.size());
}

}  // namespace newsmon::app
