// `newsmon backtest`: the current rule files over the items already stored, to see what a
// rule edit would change before reloading the daemon.

#include <algorithm>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/app/commands.h"
#include "daemon/app/config.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/duration.h"

namespace newsmon::app {
namespace {

enum class Change { added, removed };

struct Difference {
  Change change;
  std::string rule;
  store::StoredItem item;
};

std::vector<Difference> compare(const store::StoredItem& item, const rules::RuleSet& rules) {
  const rules::Story story{item.title, item.summary, item.content};
  std::set<std::string> now;
  for (const auto& match : rules.match(story)) now.insert(match.rule_id);
  const std::set<std::string> before(item.matched_rules.begin(), item.matched_rules.end());
  std::vector<Difference> out;
  for (const auto& rule : now) {
    if (!before.count(rule)) out.push_back({Change::added, rule, item});
  }
  for (const auto& rule : before) {
    if (!now.count(rule)) out.push_back({Change::removed, rule, item});
  }
  return out;
}

void print_json(const Difference& difference) {
  const nlohmann::json line = {
      {"change", difference.change == Change::added ? "added" : "removed"},
      {"rule", difference.rule},
      {"item",
       {{"id", difference.item.entry_id},
        {"title", difference.item.title},
        {"link", difference.item.link},
        {"first_seen", util::format_rfc3339(difference.item.first_seen)}}}};
  std::cout << line.dump() << '\n';
}

void print_text(const Difference& difference) {
  std::cout << fmt::format("{} {:<28} {}  {}\n    {}\n",
                           difference.change == Change::added ? "+" : "-", difference.rule,
                           util::format_rfc3339(difference.item.first_seen), difference.item.title,
                           difference.item.link);
}

}  // namespace

int command_backtest(const BacktestOptions& options) {
  auto loaded = load_config(options.config);
  if (!loaded.errors.empty()) {
    std::cerr << util::format_all(loaded.errors);
    return 1;
  }
  auto compiled = rules::load_rules(loaded.config.rules);
  if (!compiled.errors.empty()) {
    std::cerr << util::format_all(compiled.errors);
    return 1;
  }
  store::SqliteOptions store_options;
  store_options.access = store::Access::read_only;
  auto store = store::open_sqlite_store(loaded.config.database, store_options);
  if (!store) {
    std::cerr << "newsmon backtest: " << store.error().message << '\n';
    return 1;
  }
  const auto window = util::parse_duration(options.since).value();
  const auto since = util::to_epoch_seconds(util::SystemClock().now()) -
                     std::chrono::duration_cast<std::chrono::seconds>(window).count();

  std::size_t items = 0;
  std::size_t added = 0;
  std::size_t removed = 0;
  auto status = (*store)->for_each_item_since(since, [&](const store::StoredItem& item) {
    ++items;
    for (const auto& difference : compare(item, *compiled.rules)) {
      (difference.change == Change::added ? added : removed) += 1;
      options.json ? print_json(difference) : print_text(difference);
    }
  });
  if (!status) {
    std::cerr << "newsmon backtest: " << status.error().message << '\n';
    return 1;
  }
  if (!options.json) {
    std::cout << fmt::format(
        "{} items since {} checked against {} rules: {} would now match that did not (+), {} "
        "no longer would (-)\n",
        items, util::format_rfc3339(since), compiled.rules->rule_count(), added, removed);
  }
  return 0;
}

}  // namespace newsmon::app
