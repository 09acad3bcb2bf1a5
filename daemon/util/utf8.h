#pragma once
// UTF-8 validity, repair and cutting, tuned for whole documents: ASCII runs are skipped
// eight bytes at a time, which matters because nearly every feed is mostly ASCII.

#include <cstddef>
#include <string>
#include <string_view>

namespace newsmon::util {

bool is_ascii(std::string_view text);
/// The first position at or after `position` holding a non-ASCII byte (or the size).
std::size_t skip_ascii(std::string_view text, std::size_t position);
/// Length of the well-formed UTF-8 sequence starting text, 0 when ill-formed or empty.
std::size_t utf8_sequence_length(std::string_view text);

/// True when the bytes are well-formed UTF-8 (no surrogates, no overlong forms).
bool is_valid_utf8(std::string_view text);

/// Whether the UTF-8 text holds a noncharacter: U+FDD0..U+FDEF, or U+xxFFFE / U+xxFFFF in
/// any plane (HTML parsers read them as U+FFFD).
bool has_noncharacter(std::string_view text);
/// Replaces each ill-formed sequence with U+FFFD (one per byte that starts none).
std::string repair_utf8(std::string_view text);

struct Utf8Counts {
  std::size_t valid_multibyte = 0;  ///< well-formed sequences of two to four bytes
  std::size_t invalid = 0;          ///< bytes that start no well-formed sequence
};
Utf8Counts count_utf8_sequences(std::string_view text);

/// Cuts text to at most max_bytes without splitting a UTF-8 sequence; appends the
/// ellipsis (which counts against max_bytes) when anything was cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes,
                          std::string_view ellipsis = "…");

}  // namespace newsmon::util
