#include "daemon/app/notify.h"

#include <ctime>
#include <string>

#include <fmt/format.h>
#include <systemd/sd-daemon.h>

namespace newsmon::app {
namespace {

void send(const std::string& message) {
  sd_notify(0, message.c_str());
}

std::uint64_t monotonic_microseconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000u +
         static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
}

}  // namespace

void ServiceNotifier::ready() const {
  send("READY=1");
}

void ServiceNotifier::status(std::string_view text) const {
  send(fmt::format("STATUS={}", text));
}

void ServiceNotifier::reloading() const {
  send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}", monotonic_microseconds()));
}

void ServiceNotifier::stopping() const {
  send("STOPPING=1");
}

void ServiceNotifier::watchdog() const {
  send("WATCHDOG=1");
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_interval() const {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(static_cast<std::int64_t>(usec / 2));
}

}  // namespace newsmon::app
