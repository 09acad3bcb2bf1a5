#pragma once
// The daemon: wires the store, the rules, the poller and the delivery worker onto one
// io_context, and runs it either until SIGTERM (`newsmon run`) or for one pass
// (`newsmon once`). Handles SIGHUP reloads, systemd notification and the watchdog.

#include <chrono>
#include <memory>

#include "daemon/app/config.h"

namespace newsmon::app {

enum class RunMode {
  daemon,    ///< poll on schedule until stopped
  one_pass,  ///< poll every feed once, deliver what is due, exit
};

struct ServiceOptions {
  RunMode mode = RunMode::daemon;
  /// one_pass: how long to wait for deliveries after the polls end.
  std::chrono::milliseconds deliver_timeout{30'000};
  /// daemon: how long SIGTERM waits for deliveries in flight before releasing them.
  std::chrono::milliseconds stop_deadline{8'000};
};

/// Starts newsmon with a loaded, valid configuration and returns the process exit code
/// when it ends: 0 after a clean stop, 1 when start-up fails (the reason is logged).
int run_service(Config config, const ServiceOptions& options);

}  // namespace newsmon::app
