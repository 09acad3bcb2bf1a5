// What the service reads at start and on reload, the configuration and the rules, with
// whatever goes wrong while reading them turned into errors that refuse the reload.

#include <new>

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include "daemon/app/service.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::app {
namespace {

// The store is open on its connection for the daemon's life: a new database, or a new
// password for it, would need a new one. One warning for both, the URLs without passwords.
void keep_database(Config& config, const Config& running) {
  std::vector<std::string> changed;
  if (config.database != running.database) {
    changed.push_back(
        fmt::format("database (to {})", store::shown_database(config.database.string())));
  }
  if (config.database_password != running.database_password) {
    changed.emplace_back("database_password");
  }
  if (!changed.empty()) {
    spdlog::warn(
        "reload: {} changed, which cannot take effect without a restart: newsmon keeps using "
        "the database {} on its open connection; restart it to apply the change",
        fmt::join(changed, " and "), store::shown_database(running.database.string()));
  }
  config.database = running.database;
  config.database_password = running.database_password;
}

}  // namespace

void keep_start_up_settings(Config& reloaded, const Config& running) {
  // What the running services were built with stays until a restart; say so.
  const auto keep = [&](bool changed, const char* what) {
    if (changed) spdlog::warn("reload: {} changed: restart newsmon to apply it", what);
    return changed;
  };
  keep_database(reloaded, running);
  if (keep(reloaded.http != running.http, "http")) reloaded.http = running.http;
  if (keep(reloaded.schedule != running.schedule, "schedule")) reloaded.schedule = running.schedule;
  if (keep(reloaded.metrics.listen != running.metrics.listen, "metrics.listen")) {
    reloaded.metrics = running.metrics;
  }
  if (keep(reloaded.web != running.web, "web")) reloaded.web = running.web;
  if (keep(reloaded.alerts.lease != running.alerts.lease, "alerts.lease")) {
    reloaded.alerts.lease = running.alerts.lease;
  }
}

// A reload reads files that may be anything: whatever goes wrong refuses the reload.
ConfigResult load_config_safely(const std::filesystem::path& path) {
  try {
    return load_config(path);
  } catch (const std::exception& exception) {
    ConfigResult result;
    result.errors.push_back(util::Diagnostic{
        path, 0, 0, fmt::format("reading the configuration failed: {}", exception.what()), {}});
    return result;
  }
}

// The rules, and the webhooks' filters checked against them: errors of either.
rules::LoadResult load_checked_rules(const RuleCompiler& compiler, const Config& config) {
  auto loaded = compile_rules(compiler, config);
  if (loaded.errors.empty()) loaded.errors = check_routing(config, loaded.summaries);
  if (!loaded.errors.empty()) loaded.rules.reset();
  return loaded;
}

rules::LoadResult compile_rules(const RuleCompiler& compiler, const Config& config) {
  const auto options = rule_load_options(config);
  const std::filesystem::path where = config.rules.empty() ? config.path : config.rules.front();
  const auto failed = [&](std::string message) {
    rules::LoadResult result;
    result.errors.push_back(util::Diagnostic{where, 0, 0, std::move(message), {}});
    return result;
  };
  try {
    return compiler ? compiler(config.rules, options) : rules::load_rules(config.rules, options);
  } catch (const std::bad_alloc&) {
    return failed(fmt::format(
        "not enough memory to compile the rules (rules.max_compiled is {} MiB; the service's "
        "MemoryMax= or the machine allows less): shorten the lists used by many rules, or "
        "give newsmon more memory",
        config.rules_max_compiled >> 20));
  } catch (const std::exception& exception) {
    return failed(fmt::format("compiling the rules failed: {}", exception.what()));
  }
}

}  // namespace newsmon::app
