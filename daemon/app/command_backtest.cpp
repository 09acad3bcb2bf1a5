// `newsmon backtest`: the current rule files over the items already stored, to see what a
// rule edit would change before reloading the daemon.

#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/store_access.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "backtest";

struct BacktestOptions {
  ConfigFile config;
  DurationArgument since{"30d"};
  bool json = false;
};

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
  std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_text(const Difference& difference) {
  std::cout << fmt::format("{} {:<28} {}  {}\n    {}\n",
                           difference.change == Change::added ? "+" : "-", difference.rule,
                           util::format_rfc3339(difference.item.first_seen), difference.item.title,
                           difference.item.link);
}

int run_backtest(const BacktestOptions& options) {
  const auto config = load_config_or_report(options.config);
  if (!config) return 1;
  auto compiled = rules::load_rules(config->rules, rule_load_options(*config));
  if (!compiled.errors.empty()) {
    print_stderr(compiled.errors);
    return 1;
  }
  auto store = open_configured_store(*config, store::Access::read_only);
  if (!store) {
    print_stderr(k_name, store.error().message);
    return 1;
  }
  const auto since = util::to_epoch_seconds(util::SystemClock().now()) -
                     std::chrono::duration_cast<std::chrono::seconds>(options.since.value).count();

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
    print_stderr(k_name, status.error().message);
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

}  // namespace

Command add_backtest_command(CLI::App& cli) {
  auto options = std::make_shared<BacktestOptions>();
  auto* command = cli.add_subcommand(
      k_name, "run the current rules over stored items and show what would change");
  add_config_option(*command, options->config);
  add_duration_option(*command, "--since", options->since, "how far back");
  command->add_flag("--json", options->json, "one JSON object per line");
  return {command, [options] { return run_backtest(*options); }};
}

}  // namespace newsmon::app
