#pragma once
// The systemd notify protocol (sd_notify): readiness, status lines, reloads, stopping and
// the watchdog. Every call is a no-op when NOTIFY_SOCKET is not set, so the daemon behaves
// the same outside systemd.

#include <chrono>
#include <optional>
#include <string_view>

namespace newsmon::app {

class ServiceNotifier {
 public:
  /// READY=1: feeds and rules are loaded and the store is open.
  void ready() const;
  /// STATUS=<text>: what `systemctl status` shows.
  void status(std::string_view text) const;
  /// RELOADING=1 with MONOTONIC_USEC=<now>, sent before a reload starts.
  void reloading() const;
  /// STOPPING=1.
  void stopping() const;
  /// WATCHDOG=1.
  void watchdog() const;
  /// How often to send WATCHDOG=1 (half of WATCHDOG_USEC), or nullopt when the watchdog is off.
  std::optional<std::chrono::microseconds> watchdog_interval() const;
};

}  // namespace newsmon::app
