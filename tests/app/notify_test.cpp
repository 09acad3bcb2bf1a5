#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

#include "daemon/app/notify.h"
#include "tests/support/notify_socket.h"

using newsmon::app::ServiceNotifier;
using newsmon::test::NotifySocket;

namespace {

// Sets an environment variable for the life of the object, then removes it again.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const std::string& value) : m_name(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedVariable() { ::unsetenv(m_name); }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;

 private:
  const char* m_name;
};

// CLOCK_MONOTONIC, which steady_clock reads on Linux.
std::uint64_t monotonic_microseconds() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

}  // namespace

TEST_CASE("Each state change is one datagram on the socket NOTIFY_SOCKET names", "[app][notify]") {
  NotifySocket socket;
  const ScopedVariable variable("NOTIFY_SOCKET", socket.path());
  const ServiceNotifier notifier;
  notifier.ready();
  notifier.status("polling 3 feeds, 2 rules");
  notifier.watchdog();
  notifier.stopping();
  socket.drain();
  CHECK(socket.messages() == std::vector<std::string>{"READY=1", "STATUS=polling 3 feeds, 2 rules",
                                                      "WATCHDOG=1", "STOPPING=1"});
}

TEST_CASE("A reload is announced with the monotonic time it starts at", "[app][notify]") {
  NotifySocket socket;
  const ScopedVariable variable("NOTIFY_SOCKET", socket.path());
  const auto before = monotonic_microseconds();
  ServiceNotifier().reloading();
  const auto after = monotonic_microseconds();
  socket.drain();
  REQUIRE(socket.messages().size() == 1);
  const std::string& message = socket.messages()[0];
  const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
  REQUIRE(message.rfind(prefix, 0) == 0);
  const auto usec = std::stoull(message.substr(prefix.size()));
  CHECK(usec >= before);
  CHECK(usec <= after);
}

TEST_CASE("The watchdog is fed twice per WATCHDOG_USEC, and not at all without it",
          "[app][notify]") {
  ::unsetenv("WATCHDOG_USEC");
  CHECK(ServiceNotifier().watchdog_interval() == std::nullopt);
  {
    const ScopedVariable variable("WATCHDOG_USEC", "4000000");
    CHECK(ServiceNotifier().watchdog_interval() == std::chrono::seconds(2));
  }
  {
    const ScopedVariable variable("WATCHDOG_USEC", "0");
    CHECK(ServiceNotifier().watchdog_interval() == std::nullopt);
  }
}
