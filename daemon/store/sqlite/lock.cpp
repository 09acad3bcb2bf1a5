#include "daemon/store/sqlite/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <utility>

#include "daemon/util/host.h"

namespace newsmon::store::sqlite {
namespace {

/// What the holder wrote: "pid host", or empty when unreadable.
std::string read_holder(int fd) {
  std::array<char, 512> buffer{};
  const auto got = ::pread(fd, buffer.data(), buffer.size() - 1, 0);
  if (got <= 0) return {};
  std::istringstream text(std::string(buffer.data(), static_cast<std::size_t>(got)));
  std::string pid;
  std::string host;
  text >> pid >> host;
  if (pid.empty()) return {};
  return host.empty() ? "pid " + pid : "pid " + pid + " on host " + host;
}

void write_holder(int fd) {
  const std::string line = std::to_string(::getpid()) + " " + util::host_name() + "\n";
  if (::ftruncate(fd, 0) != 0) return;  // the lock holds without the note
  (void)!::pwrite(fd, line.data(), line.size(), 0);
}

}  // namespace

util::Result<DatabaseLock> DatabaseLock::acquire(const std::filesystem::path& database) {
  const std::string path = database.string() + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return util::make_error(
        "cannot open the lock file {} of the database: {}; the daemon needs to create and "
        "write files in the database's folder",
        path, std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    std::string holder = error == EWOULDBLOCK ? read_holder(fd) : std::string();
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return util::make_error("cannot lock {}: {}", path, std::strerror(error));
    }
    if (holder.empty()) holder = "a process that has not said who it is yet";
    return util::make_error(
        "another newsmon daemon ({}) is running on the database {}: only one daemon may use "
        "a SQLite database. Stop that one first, or give this one its own `database:`. "
        "Commands that only look (alerts, feeds list, status, check) work beside it",
        holder, database.string());
  }
  write_holder(fd);
  return DatabaseLock(fd);
}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (m_fd >= 0) ::close(m_fd);
}

}  // namespace newsmon::store::sqlite
