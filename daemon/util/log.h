#pragma once
// Logging to stderr through spdlog, one line per event, in the form its reader wants.
// Under systemd, when stderr is the journal's stream (JOURNAL_STREAM names its device and
// inode), each line starts with its syslog priority ("<6>" info, "<4>" warning, ...) so
// journald files it at the right level, and journald adds the timestamps. Anywhere else
// (a terminal, a pipe, a file) the lines are plain: the message, after "warning: " or
// "error: " for those levels.

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

/// Whether stderr is connected to the journal: JOURNAL_STREAM holds "DEVICE:INODE" of
/// stderr, as systemd sets it for a service whose output goes to the journal. It is
/// inherited by children whose stderr may go elsewhere, so the numbers must match.
bool stderr_is_journal();

}  // namespace newsmon::util
