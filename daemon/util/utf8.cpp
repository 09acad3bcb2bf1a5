#include "daemon/util/utf8.h"

#include <cstdint>
#include <cstring>

namespace newsmon::util {
namespace {

constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;

// Bytes from `position` on that are plain ASCII, checked a word at a time.
std::size_t ascii_run(std::string_view text, std::size_t position) {
  while (position + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + position, 8);
    if ((word & k_high_bits) != 0) break;
    position += 8;
  }
  while (position < text.size() && static_cast<unsigned char>(text[position]) < 0x80) ++position;
  return position;
}

}  // namespace

bool is_ascii(std::string_view text) {
  return ascii_run(text, 0) == text.size();
}

std::size_t skip_ascii(std::string_view text, std::size_t position) {
  return ascii_run(text, position);
}

std::size_t utf8_sequence_length(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char first = byte(0);
  if (first < 0x80) return 1;
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (first >= 0xC2 && first <= 0xDF) {
    length = 2;
  } else if (first >= 0xE0 && first <= 0xEF) {
    length = 3;
    if (first == 0xE0) min_second = 0xA0;
    if (first == 0xED) max_second = 0x9F;
  } else if (first >= 0xF0 && first <= 0xF4) {
    length = 4;
    if (first == 0xF0) min_second = 0x90;
    if (first == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < min_second || byte(1) > max_second) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t position = ascii_run(text, 0);
  while (position < text.size()) {
    const auto length = utf8_sequence_length(text.substr(position));
    if (length == 0) return false;
    position = ascii_run(text, position + length);
  }
  return true;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t run_end = ascii_run(text, position);
    out.append(text.substr(position, run_end - position));
    position = run_end;
    if (position >= text.size()) break;
    const auto length = utf8_sequence_length(text.substr(position));
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++position;
    } else {
      out.append(text.substr(position, length));
      position += length;
    }
  }
  return out;
}

Utf8Counts count_utf8_sequences(std::string_view text) {
  Utf8Counts counts;
  std::size_t position = ascii_run(text, 0);
  while (position < text.size()) {
    const auto length = utf8_sequence_length(text.substr(position));
    if (length == 0) {
      ++counts.invalid;
      position = ascii_run(text, position + 1);
    } else {
      ++counts.valid_multibyte;
      position = ascii_run(text, position + length);
    }
  }
  return counts;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes, std::string_view ellipsis) {
  if (text.size() <= max_bytes) return std::string(text);
  if (max_bytes <= ellipsis.size()) return std::string(ellipsis.substr(0, max_bytes));
  std::size_t cut = max_bytes - ellipsis.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(ellipsis);
}

bool has_noncharacter(std::string_view text) {
  const auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0U;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned lead = byte(i);
    if (lead == 0xEF && byte(i + 1) == 0xB7 && byte(i + 2) >= 0x90 && byte(i + 2) <= 0xAF) {
      return true;
    }
    if (lead == 0xEF && byte(i + 1) == 0xBF && (byte(i + 2) == 0xBE || byte(i + 2) == 0xBF)) {
      return true;
    }
    if (lead >= 0xF0 && lead <= 0xF4 && (byte(i + 1) & 0x0F) == 0x0F && byte(i + 2) == 0xBF &&
        (byte(i + 3) == 0xBE || byte(i + 3) == 0xBF)) {
      return true;
    }
  }
  return false;
}

}  // namespace newsmon::util
