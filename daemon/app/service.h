#pragma once
// The daemon: wires the store, the rules, the poller and the delivery worker onto one
// io_context, and runs it either until SIGTERM (`newsmon run`) or for one pass
// (`newsmon once`). Handles SIGHUP reloads, systemd notification and the watchdog.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/app/config.h"
#include "daemon/rules/rule_set.h"

namespace newsmon::app {

enum class RunMode {
  daemon,    ///< poll on schedule until stopped
  one_pass,  ///< poll every feed once, deliver what is due, exit
};

/// Compiles rule files into a rule set: rules::load_rules, or what a test puts in its place.
using RuleCompiler = std::function<rules::LoadResult(const std::vector<std::filesystem::path>&,
                                                     const rules::LoadOptions&)>;

/// When `newsmon once` reports failed feeds in its exit code.
enum class FailedFeeds {
  when_all,  ///< exit 3 when every feed polled failed (the default)
  when_any,  ///< exit 3 when any feed failed (`once --strict`)
};

/// `newsmon once`'s exit code when feeds failed (FailedFeeds says which).
inline constexpr int k_feeds_failed_exit_code = 3;

struct ServiceOptions {
  RunMode mode = RunMode::daemon;
  /// one_pass: which failed feeds make the exit code k_feeds_failed_exit_code.
  FailedFeeds failed_feeds = FailedFeeds::when_all;
  /// one_pass: how long to wait for deliveries after the polls end.
  std::chrono::milliseconds deliver_timeout{30'000};
  /// daemon: how long SIGTERM waits for deliveries in flight before releasing them.
  std::chrono::milliseconds stop_deadline{8'000};
  /// How rules are compiled, at start and on reload. Default (empty): rules::load_rules.
  RuleCompiler compile_rules;
};

/// Compiles the configuration's rules with its ceiling on compiled size. Any exception
/// the compiler throws (std::bad_alloc when memory runs out) becomes an error of the
/// result, so a reload that cannot be compiled is refused like one with a mistake.
rules::LoadResult compile_rules(const RuleCompiler& compiler, const Config& config);

/// The rules compiled as compile_rules() does, and the webhooks' filters checked against
/// them: the errors of either, and no rule set when there are any.
rules::LoadResult load_checked_rules(const RuleCompiler& compiler, const Config& config);

/// Puts back into a reloaded configuration the settings the running services were built
/// with (database, http, schedule, metrics.listen, web, alerts.lease): they take effect
/// only after a restart. Logs a warning for each that changed, URLs without passwords.
void keep_start_up_settings(Config& reloaded, const Config& running);

/// load_config() for a reload: an exception while reading becomes an error of the result.
ConfigResult load_config_safely(const std::filesystem::path& path);

/// Starts newsmon with a loaded, valid configuration and returns the process exit code
/// when it ends: 0 after a clean stop, 1 when start-up fails (the reason is logged), and
/// for one pass k_feeds_failed_exit_code when feeds failed as options.failed_feeds says
/// (a feed fails when its poll ends in anything but ok or not_modified, or its items
/// could not be stored).
int run_service(Config config, const ServiceOptions& options);

}  // namespace newsmon::app
