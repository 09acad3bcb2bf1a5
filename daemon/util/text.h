#pragma once
// Byte-level string helpers with no knowledge of feeds or Unicode (UTF-8 is in utf8.h).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

namespace newsmon::util {

std::string_view trim(std::string_view text);
std::string to_lower_ascii(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);
/// Splits on every separator; empty pieces are kept.
std::vector<std::string_view> split(std::string_view text, char separator);
/// Joins pieces with the separator.
std::string join(const std::vector<std::string>& pieces, std::string_view separator);

/// Reads a whole file; the Error names the path and the reason.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace newsmon::util
