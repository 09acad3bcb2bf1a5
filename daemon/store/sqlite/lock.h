#pragma once
// The daemon's claim on a SQLite database: an exclusive flock on `<database>.lock`, so a
// second daemon started by mistake on the same file says who holds it and exits instead
// of sharing a file made for one writer process. The kernel drops the lock when the
// process dies, so a crash never leaves a stale claim behind. Private to store/.

#include <filesystem>
#include <string>
#include <utility>

#include "daemon/util/result.h"

namespace newsmon::store::sqlite {

class DatabaseLock {
 public:
  /// Takes the lock without waiting and writes "pid host" into the lock file. An Error
  /// naming the daemon that holds it (pid, host), or the file that cannot be opened.
  static util::Result<DatabaseLock> acquire(const std::filesystem::path& database);

  DatabaseLock() = default;
  DatabaseLock(DatabaseLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  /// Releases the lock; the file stays (removing it would race with a daemon starting).
  ~DatabaseLock();

  bool held() const { return m_fd >= 0; }

 private:
  explicit DatabaseLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace newsmon::store::sqlite
