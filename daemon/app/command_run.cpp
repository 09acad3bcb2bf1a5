// `newsmon run` (the daemon) and `newsmon once` (one pass): the service in its two modes.

#include <memory>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/reload_signal.h"
#include "daemon/app/service.h"
#include "daemon/util/log.h"

namespace newsmon::app {
namespace {

struct RunOptions {
  ConfigFile config;
};

struct OnceOptions {
  ConfigFile config;
  DurationArgument deliver_timeout{"30s"};  ///< how long to wait for due deliveries
  bool strict = false;                      ///< exit 3 when any feed failed, not only all
};

// Loads the configuration, printing every error; nullopt when there is any.
std::optional<Config> load_or_report(const ConfigFile& file) {
  util::init_logging(util::LogLevel::info);
  auto config = load_config_or_report(file, ReportTo::log);
  if (!config) {
    spdlog::error("newsmon cannot start: fix the errors in the configuration above");
    return std::nullopt;
  }
  util::init_logging(config->log_level);
  return config;
}

int run_daemon(const RunOptions& options) {
  hold_reload_signal();  // until the daemon listens for it: see reload_signal.h
  auto config = load_or_report(options.config);
  if (!config) return 1;
  ServiceOptions service;
  service.mode = RunMode::daemon;
  return run_service(std::move(*config), service);
}

int run_once(const OnceOptions& options) {
  auto config = load_or_report(options.config);
  if (!config) return 1;
  ServiceOptions service;
  service.mode = RunMode::one_pass;
  service.deliver_timeout = options.deliver_timeout.value;
  service.failed_feeds = options.strict ? FailedFeeds::when_any : FailedFeeds::when_all;
  return run_service(std::move(*config), service);
}

}  // namespace

Command add_run_command(CLI::App& cli) {
  auto options = std::make_shared<RunOptions>();
  auto* command = cli.add_subcommand("run", "run the daemon in the foreground");
  add_config_option(*command, options->config);
  return {command, [options] { return run_daemon(*options); }};
}

Command add_once_command(CLI::App& cli) {
  auto options = std::make_shared<OnceOptions>();
  auto* command =
      cli.add_subcommand("once", "poll every feed once, match, store, deliver what is due, exit");
  add_config_option(*command, options->config);
  add_duration_option(*command, "--deliver-timeout", options->deliver_timeout,
                      "how long to wait for deliveries");
  command->add_flag("--strict", options->strict,
                    "exit 3 when any feed failed (without it: when every feed failed)");
  return {command, [options] { return run_once(*options); }};
}

}  // namespace newsmon::app
