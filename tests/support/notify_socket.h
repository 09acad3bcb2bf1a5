#pragma once
// A stand-in for systemd's notification socket: an AF_UNIX datagram socket a test binds
// and hands to the daemon as NOTIFY_SOCKET, then reads what the daemon announced.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace newsmon::test {

class NotifySocket {
 public:
  /// Binds a fresh socket file in a temporary folder. Throws when it cannot.
  NotifySocket();
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  /// The value for NOTIFY_SOCKET.
  std::string path() const { return m_path.string(); }

  /// Reads every datagram that has arrived, without waiting; each one is kept.
  void drain();
  /// Every message received so far, in order (a datagram may hold several lines).
  const std::vector<std::string>& messages() const { return m_messages; }
  /// Waits until a datagram containing `line` as one of its lines arrives after the
  /// first `skip` messages; returns its index, or nullopt at the deadline.
  std::optional<std::size_t> wait_for(
      const std::string& line, std::size_t skip = 0,
      std::chrono::milliseconds deadline = std::chrono::seconds(20));

 private:
  int m_fd = -1;
  std::filesystem::path m_dir;
  std::filesystem::path m_path;
  std::vector<std::string> m_messages;
};

/// Whether a datagram holds `line` as one of its newline-separated lines.
bool has_line(const std::string& message, const std::string& line);

}  // namespace newsmon::test
