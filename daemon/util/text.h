#pragma once
// Byte-level string helpers with no knowledge of feeds or Unicode beyond UTF-8 validity.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

namespace newsmon::util {

std::string_view trim(std::string_view text);
std::string to_lower_ascii(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
/// Splits on every separator; empty pieces are kept.
std::vector<std::string_view> split(std::string_view text, char separator);
/// Joins pieces with the separator.
std::string join(const std::vector<std::string>& pieces, std::string_view separator);

/// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view text);
/// Replaces each ill-formed UTF-8 sequence with U+FFFD.
std::string repair_utf8(std::string_view text);
/// Cuts text to at most max_bytes without splitting a UTF-8 sequence; appends the
/// ellipsis (which counts against max_bytes) when anything was cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes,
                          std::string_view ellipsis = "…");

/// Reads a whole file; the Error names the path and the reason.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace newsmon::util
