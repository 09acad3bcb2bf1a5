#pragma once
// UTF-8 checks tuned for whole documents: ASCII runs are skipped eight bytes at a time,
// which matters because nearly every feed is mostly ASCII.

#include <cstddef>
#include <string>
#include <string_view>

namespace newsmon::feed {

bool is_ascii(std::string_view text);
/// The first position at or after `position` holding a non-ASCII byte (or the size).
std::size_t skip_ascii(std::string_view text, std::size_t position);
bool is_valid_utf8_fast(std::string_view text);
/// Replaces each ill-formed sequence with U+FFFD (one per maximal invalid byte).
std::string repair_utf8_fast(std::string_view text);

struct Utf8Counts {
  std::size_t valid_multibyte = 0;  ///< well-formed sequences of two to four bytes
  std::size_t invalid = 0;          ///< bytes that start no well-formed sequence
};
Utf8Counts count_utf8_sequences(std::string_view text);

/// Length of the well-formed UTF-8 sequence starting text, 0 when ill-formed.
std::size_t utf8_sequence_length(std::string_view text);

}  // namespace newsmon::feed
