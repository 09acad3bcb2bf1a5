#pragma once
// Strict parsing of the durations and sizes written in configuration and rule files.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/util/result.h"

namespace newsmon::util {

/// Parses "250ms", "90s", "10m", "6h", "30d", "2w" (one integer and one unit, no spaces).
/// Anything else — a missing unit, a fraction, a negative number — is an Error that
/// says what is accepted.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

/// Parses "512", "512B", "64KiB", "8MiB", "1GiB" (also "kB", "MB", "GB" as powers of 1000).
Result<std::uint64_t> parse_size(std::string_view text);

/// Formats a duration the way parse_duration reads it, with the largest exact unit.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace newsmon::util
