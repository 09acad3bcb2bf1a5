#include <iostream>

#include <fmt/format.h>

#include "daemon/alert/secrets.h"
#include "daemon/app/commands.h"
#include "daemon/app/config.h"
#include "daemon/app/rule_check.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::app {
namespace {

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

}  // namespace

int command_check(const CheckOptions& options) {
  int problems = 0;
  std::vector<std::filesystem::path> rule_paths = options.rules;
  if (options.rules.empty() || options.config_given) {
    Config config;
    problems += check_config(options.config, config);
    if (rule_paths.empty()) rule_paths = config.rules;
  }
  if (!rule_paths.empty()) problems += check_rules(rule_paths, std::cout);
  if (problems > 0) {
    std::cout << fmt::format("newsmon check: {} problem{} found\n", problems,
                             problems == 1 ? "" : "s");
    return 1;
  }
  return 0;
}

}  // namespace newsmon::app
