#pragma once
// Logging to stderr through spdlog. Each line starts with a syslog priority prefix
// ("<6>" for info, "<4>" for warnings, ...) so journald files it at the right level
// when newsmon runs under systemd; the rest of the line is the message alone, since
// journald adds its own timestamps.

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

/// Installs the stderr logger as spdlog's default. Safe to call again to change the level.
void init_logging(LogLevel level);

}  // namespace newsmon::util
