#include "daemon/util/host.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace newsmon::util {

std::string host_name() {
  std::array<char, 256> buffer{};
  if (::gethostname(buffer.data(), buffer.size() - 1) != 0 || buffer[0] == '\0') {
    return "localhost";
  }
  return buffer.data();
}

bool process_exists(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace newsmon::util
