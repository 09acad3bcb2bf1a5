// `newsmon check [--config FILE] [--rules PATH...]`: every problem in the configuration,
// its feed lists and the rules, on stdout, and the rules' own tests run.

#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/rule_check.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::app {
namespace {

struct CheckOptions {
  ConfigFile config;
  std::vector<std::filesystem::path> rules;  ///< --rules: check these (configuration optional)
};

// Every configuration error, plus webhook secrets that cannot be read.
int check_config(const std::filesystem::path& path, Config& config) {
  auto loaded = load_config(path);
  std::cout << util::format_all(loaded.errors);
  int problems = static_cast<int>(loaded.errors.size());
  config = std::move(loaded.config);
  if (problems > 0) return problems;
  for (const auto& endpoint : config.webhooks) {
    for (const auto& secret : endpoint.secrets) {
      if (auto key = alert::resolve_secret(secret); !key) {
        std::cout << fmt::format("{}: error: webhook '{}': {}\n", path.string(), endpoint.name,
                                 key.error().message);
        ++problems;
      }
    }
  }
  if (problems == 0) {
    std::cout << fmt::format("{}: ok: {} feeds, {} webhooks\n", path.string(), config.feeds.size(),
                             config.webhooks.size());
  }
  return problems;
}

int run_check(const CheckOptions& options) {
  int problems = 0;
  std::vector<std::filesystem::path> rule_paths = options.rules;
  // NEWSMON_CONFIG stands in for the default file: with --rules, only --config adds one.
  Config config;
  bool with_config = false;
  if (options.rules.empty() || !options.config.given.empty()) {
    const int config_problems = check_config(options.config.path(), config);
    problems += config_problems;
    with_config = config_problems == 0;
    if (rule_paths.empty()) rule_paths = config.rules;
  }
  std::vector<rules::RuleSummary> summaries;
  if (!rule_paths.empty()) {
    problems += check_rules(rule_paths, std::cout, config.rules_max_compiled, &summaries);
  }
  // Webhooks' topics and rule globs must name what the rules have.
  if (with_config && !summaries.empty()) {
    const auto routing = check_routing(config, summaries);
    std::cout << util::format_all(routing);
    problems += static_cast<int>(routing.size());
  }
  if (problems > 0) {
    std::cout << fmt::format("newsmon check: {} problem{} found\n", problems,
                             problems == 1 ? "" : "s");
    return 1;
  }
  return 0;
}

}  // namespace

Command add_check_command(CLI::App& cli) {
  auto options = std::make_shared<CheckOptions>();
  auto* command = cli.add_subcommand(
      "check", "validate configuration, feeds and rules, and run the rules' tests");
  add_config_option(*command, options->config);
  command
      ->add_option("--rules", options->rules,
                   "check this rule file or folder (repeat, or separate with commas)")
      ->type_name("PATH")
      ->allow_extra_args(false)
      ->delimiter(',');
  return {command, [options] { return run_check(*options); }};
}

}  // namespace newsmon::app
