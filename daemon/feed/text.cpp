#include "daemon/feed/text.h"

#include <cstdint>
#include <cstring>

#include "daemon/feed/entities.h"
#include "daemon/util/utf8.h"

namespace newsmon::feed {
namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Where the run of printable ASCII (0x21-0x7E) starting at `position` ends, eight bytes
// at a time while no byte in the word is a space, a control or non-ASCII.
std::size_t printable_run_end(std::string_view text, std::size_t position) {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
  const char* data = text.data();
  while (position + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, data + position, 8);
    const std::uint64_t below = (word - k_ones * 0x21) & ~word & k_highs;           // byte < 0x21
    const std::uint64_t above = ((word + k_ones * (127 - 0x7E)) | word) & k_highs;  // > 0x7E
    if ((below | above) != 0) break;
    position += 8;
  }
  // Unsigned wrap-around puts both bounds in one comparison.
  while (position < text.size() && static_cast<unsigned char>(data[position] - 0x21) < 0x5E) {
    ++position;
  }
  return position;
}

enum class Special { keep, space, drop };

// What a non-ASCII sequence means for plain text.
Special classify(std::string_view sequence) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(sequence[i]); };
  if (sequence.size() == 2 && byte(0) == 0xC2) {
    if (byte(1) == 0xA0) return Special::space;  // no-break space
    if (byte(1) == 0xAD) return Special::drop;   // soft hyphen
    return Special::keep;
  }
  if (sequence.size() != 3) return Special::keep;
  if (byte(0) == 0xE2 && byte(1) == 0x80) {
    if (byte(2) <= 0x8A || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF) {
      return Special::space;  // en quad .. hair space, line/paragraph separator, narrow nbsp
    }
    if (byte(2) == 0x8B) return Special::drop;  // zero-width space
    return Special::keep;
  }
  if (byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return Special::space;
  if (byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return Special::space;
  if (byte(0) == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return Special::space;
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return Special::drop;
  return Special::keep;
}

}  // namespace

void TextBuilder::flush_pending() {
  if (!m_out.empty()) {
    if (m_pending == Pending::newline) m_out += '\n';
    if (m_pending == Pending::space) m_out += ' ';
  }
  m_pending = Pending::nothing;
}

void TextBuilder::append_special(std::string_view sequence) {
  const auto first = static_cast<unsigned char>(sequence[0]);
  const auto second = sequence.size() > 1 ? static_cast<unsigned char>(sequence[1]) : 0;
  if (first == 0xC2 && second >= 0x80 && second <= 0x9F) {
    const char32_t meant = html_numeric_reference(second);
    if (meant < 0x80 || (meant >= 0x80 && meant <= 0x9F)) return;  // undefined in 1252
    flush_pending();
    append_utf8(m_out, meant);
    return;
  }
  switch (classify(sequence)) {
    case Special::space:
      if (m_pending == Pending::nothing) m_pending = Pending::space;
      return;
    case Special::drop: return;
    case Special::keep:
      flush_pending();
      m_out.append(sequence);
      return;
  }
}

void TextBuilder::append(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c > 0x20 && c < 0x7F) {
      const char* data = text.data();
      const std::size_t end = printable_run_end(text, i + 1);
      flush_pending();
      m_out.append(data + i, end - i);
      i = end;
    } else if (is_ascii_space(c)) {
      if (m_pending == Pending::nothing) m_pending = Pending::space;
      ++i;
    } else if (c < 0x80) {
      ++i;  // control characters carry no text
    } else {
      std::size_t length = util::utf8_sequence_length(text.substr(i));
      if (length == 0) length = 1;  // callers pass valid UTF-8; never loop on bad input
      append_special(text.substr(i, length));
      i += length;
    }
  }
}

void TextBuilder::line_break() {
  m_pending = Pending::newline;
}

void TextBuilder::word_break() {
  if (m_pending == Pending::nothing) m_pending = Pending::space;
}

std::string TextBuilder::finish() && {
  return std::move(m_out);
}

std::string clean_text(std::string_view text) {
  TextBuilder builder;
  builder.append(text);
  return std::move(builder).finish();
}

bool may_contain_markup(std::string_view text) {
  return text.find_first_of("<&") != std::string_view::npos;
}

std::optional<std::string> undo_double_encoding(std::string_view text) {
  // Most text is ASCII, or has characters past U+00FF: rule both out before copying.
  bool latin1 = false;
  for (std::size_t i = util::skip_ascii(text, 0); i < text.size();
       i = util::skip_ascii(text, i + 2)) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c != 0xC2 && c != 0xC3) || i + 1 >= text.size()) return std::nullopt;
    latin1 = true;
  }
  if (!latin1) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bytes += static_cast<char>(c);
      continue;
    }
    const auto next = static_cast<unsigned char>(text[++i]);
    bytes += static_cast<char>(((c & 0x03) << 6) | (next & 0x3F));
  }
  if (!util::is_valid_utf8(bytes) || util::is_ascii(bytes)) return std::nullopt;
  return bytes;
}

std::optional<std::string> c1_as_windows_1252(std::string_view text) {
  std::optional<std::string> out;
  std::size_t copied = 0;
  for (std::size_t i = util::skip_ascii(text, 0); i + 1 < text.size();
       i = util::skip_ascii(text, i + 1)) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (static_cast<unsigned char>(text[i]) != 0xC2 || next < 0x80 || next > 0x9F) continue;
    if (!out) out.emplace().reserve(text.size());
    out->append(text.substr(copied, i - copied));
    const char32_t meant = html_numeric_reference(next);
    if (meant > 0x9F) append_utf8(*out, meant);  // the five undefined ones are dropped
    copied = i + 2;
    ++i;
  }
  if (out) out->append(text.substr(copied));
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace newsmon::feed
