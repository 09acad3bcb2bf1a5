#include <iostream>

#include <spdlog/spdlog.h>

#include "daemon/app/commands.h"
#include "daemon/app/config.h"
#include "daemon/app/service.h"
#include "daemon/util/diagnostic.h"
#include "daemon/util/log.h"

namespace newsmon::app {
namespace {

// Loads the configuration, printing every error; nullopt when there is any.
std::optional<Config> load_or_report(const std::filesystem::path& path) {
  util::init_logging(util::LogLevel::info);
  auto loaded = load_config(path);
  if (!loaded.errors.empty()) {
    std::cerr << util::format_all(loaded.errors);
    spdlog::error("newsmon cannot start: {} error(s) in the configuration", loaded.errors.size());
    return std::nullopt;
  }
  util::init_logging(loaded.config.log_level);
  return std::move(loaded.config);
}

}  // namespace

int command_run(const RunOptions& options) {
  auto config = load_or_report(options.config);
  if (!config) return 1;
  ServiceOptions service;
  service.mode = RunMode::daemon;
  return run_service(std::move(*config), service);
}

int command_once(const OnceOptions& options) {
  auto config = load_or_report(options.config);
  if (!config) return 1;
  ServiceOptions service;
  service.mode = RunMode::one_pass;
  service.deliver_timeout = options.deliver_timeout;
  return run_service(std::move(*config), service);
}

}  // namespace newsmon::app
