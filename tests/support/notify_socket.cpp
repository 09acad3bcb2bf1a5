#include "tests/support/notify_socket.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <stdexcept>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"
#include "tests/support/process.h"

namespace newsmon::test {

NotifySocket::NotifySocket() {
  m_dir = std::filesystem::temp_directory_path() /
          ("newsmon-notify-" + util::hex_encode(util::random_bytes(6)));
  std::filesystem::create_directories(m_dir);
  m_path = m_dir / "notify";
  m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const auto text = m_path.string();
  if (m_fd < 0 || text.size() >= sizeof(address.sun_path)) {
    throw std::runtime_error("cannot create a notify socket");
  }
  text.copy(address.sun_path, text.size());
  if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error("cannot bind the notify socket " + text);
  }
}

NotifySocket::~NotifySocket() {
  if (m_fd >= 0) ::close(m_fd);
  std::error_code ignored;
  std::filesystem::remove_all(m_dir, ignored);
}

void NotifySocket::drain() {
  char buffer[4096];
  while (true) {
    const auto received = ::recv(m_fd, buffer, sizeof(buffer), 0);
    if (received <= 0) break;
    m_messages.emplace_back(buffer, static_cast<std::size_t>(received));
  }
}

std::optional<std::size_t> NotifySocket::wait_for(const std::string& line, std::size_t skip,
                                                  std::chrono::milliseconds deadline) {
  std::optional<std::size_t> found;
  wait_until(
      [&] {
        drain();
        for (std::size_t i = skip; i < m_messages.size(); ++i) {
          if (has_line(m_messages[i], line)) {
            found = i;
            return true;
          }
        }
        return false;
      },
      deadline);
  return found;
}

bool has_line(const std::string& message, const std::string& line) {
  for (const auto piece : util::split(message, '\n')) {
    if (piece == line) return true;
  }
  return false;
}

}  // namespace newsmon::test
