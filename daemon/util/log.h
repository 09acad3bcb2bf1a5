#pragma once
// Logging to stderr through spdlog, one line per event, in the form its reader wants.
// Under systemd, when stderr is the journal's stream (JOURNAL_STREAM names its device and
// inode), each line starts with its syslog priority ("<6>" info, "<4>" warning, ...) so
// journald files it at the right level, and journald adds the timestamps. Anywhere else
// (a terminal, a pipe, a file) the lines are plain: the message, after "warning: " or
// "error: " for those levels.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

#include <spdlog/spdlog.h>

#include "daemon/util/enum_names.h"
#include "daemon/util/result.h"

namespace newsmon::util {

enum class LogLevel { debug, info, warning, error };
inline constexpr auto k_log_level_names =
    enum_names<LogLevel>("log level", {{LogLevel::debug, "debug"},
                                       {LogLevel::info, "info"},
                                       {LogLevel::warning, "warning"},
                                       {LogLevel::warning, "warn"},
                                       {LogLevel::error, "error"}});

/// Parses "debug", "info", "warning" (or "warn") and "error".
Result<LogLevel> parse_log_level(std::string_view text);

/// Installs the stderr logger as spdlog's default, choosing the line form once from the
/// environment. Safe to call again to change the level.
void init_logging(LogLevel level);

/// Lets a recurring problem (a full disk, a database that refuses writes) into the log at
/// most once per interval, so a problem that lasts an hour is a line a minute, not a line
/// per feed per poll. The first occurrence passes at once; later ones pass once the
/// interval has run since the last that passed, saying how many were held back meanwhile.
/// Thread-safe.
class LogThrottle {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit LogThrottle(std::chrono::seconds interval = std::chrono::seconds(60))
      : m_interval(interval) {}

  /// nullopt when this occurrence is held back; else how many were held back before it.
  std::optional<std::uint64_t> admit(TimePoint now = std::chrono::steady_clock::now());
  /// Forgets the problem (it is over): the next occurrence passes at once. Returns how
  /// many occurrences there were since the last that passed, or nullopt when none came.
  std::optional<std::uint64_t> clear();

 private:
  std::mutex m_mutex;
  std::chrono::seconds m_interval;
  std::optional<TimePoint> m_last;
  std::uint64_t m_held_back = 0;
};

/// Whether stderr is connected to the journal: JOURNAL_STREAM holds "DEVICE:INODE" of
/// stderr, as systemd sets it for a service whose output goes to the journal. It is
/// inherited by children whose stderr may go elsewhere, so the numbers must match.
bool stderr_is_journal();

}  // namespace newsmon::util
