// `newsmon backtest`: the current rule files over the items already stored, to see what a
// rule edit would change before reloading the daemon.

#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/ordered_workers.h"
#include "daemon/app/store_access.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "backtest";

// How many stored items go to a worker at a time: enough that handing a batch over costs
// nothing next to matching it, few enough that the batches in flight stay small.
constexpr std::size_t k_items_per_batch = 500;

unsigned default_jobs() {
  return std::max(1U, std::thread::hardware_concurrency());
}

struct BacktestOptions {
  ConfigFile config;
  DurationArgument since{"30d"};
  bool json = false;
  unsigned jobs = default_jobs();
};

enum class Change { added, removed };

struct Difference {
  Change change;
  std::string rule;
  std::size_t item;  ///< in its Batch's items
};

/// A batch of stored items and, once matched, what would change for them.
struct Batch {
  std::vector<store::StoredItem> items;
  std::vector<Difference> differences;
};

void compare(const store::StoredItem& item, std::size_t index, const rules::RuleSet& rules,
             std::vector<Difference>& out) {
  const rules::Story story{item.title, item.summary, item.content};
  std::set<std::string> now;
  for (const auto& match : rules.match(story)) now.insert(match.rule_id);
  const std::set<std::string> before(item.matched_rules.begin(), item.matched_rules.end());
  for (const auto& rule : now) {
    if (!before.count(rule)) out.push_back({Change::added, rule, index});
  }
  for (const auto& rule : before) {
    if (!now.count(rule)) out.push_back({Change::removed, rule, index});
  }
}

Batch compare_batch(Batch& batch, const rules::RuleSet& rules) {
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    compare(batch.items[i], i, rules, batch.differences);
  }
  return std::move(batch);
}

void print_json(const Difference& difference, const store::StoredItem& item) {
  const nlohmann::json line = {{"change", difference.change == Change::added ? "added" : "removed"},
                               {"rule", difference.rule},
                               {"item",
                                {{"id", item.entry_id},
                                 {"title", item.title},
                                 {"link", item.link},
                                 {"first_seen", util::format_rfc3339(item.first_seen)}}}};
  std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_text(const Difference& difference, const store::StoredItem& item) {
  std::cout << fmt::format("{} {:<28} {}  {}\n    {}\n",
                           difference.change == Change::added ? "+" : "-", difference.rule,
                           util::format_rfc3339(item.first_seen), item.title, item.link);
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
  // One thread reads the store and prints; the workers match, batch by batch, and hand
  // the differences back in the order stored.
  OrderedWorkers<Batch, Batch> workers(
      options.jobs, [&](Batch& batch) { return compare_batch(batch, *compiled.rules); },
      [&](Batch& batch) {
        for (const auto& difference : batch.differences) {
          (difference.change == Change::added ? added : removed) += 1;
          const auto& item = batch.items[difference.item];
          options.json ? print_json(difference, item) : print_text(difference, item);
        }
      });
  Batch batch;
  auto status = (*store)->for_each_item_since(since, [&](const store::StoredItem& item) {
    ++items;
    batch.items.push_back(item);
    if (batch.items.size() == k_items_per_batch) workers.submit(std::exchange(batch, {}));
  });
  if (!status) {
    print_stderr(k_name, status.error().message);
    return 1;
  }
  workers.submit(std::move(batch));
  workers.finish();
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
  command
      ->add_option(
          "--jobs", options->jobs,
          fmt::format("threads matching stored items (default: the cores, {})", default_jobs()))
      ->check(CLI::Range(1U, 256U));
  return {command, [options] { return run_backtest(*options); }};
}

}  // namespace newsmon::app
