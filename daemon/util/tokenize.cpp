#include "daemon/util/tokenize.h"

#include <array>
#include <limits>

#include <utf8proc.h>

#include "daemon/util/fold.h"

namespace newsmon::util {
namespace {

enum class CharClass { word, ideograph, apostrophe, hyphen, number_separator, other };

struct Char {
  char32_t code = 0;
  std::size_t size = 1;  ///< bytes
  CharClass kind = CharClass::other;
  bool digit = false;
};

bool is_ideograph(char32_t code) {
  return (code >= 0x3040 && code <= 0x30FF) ||  // Hiragana, Katakana
         (code >= 0x3400 && code <= 0x4DBF) || (code >= 0x4E00 && code <= 0x9FFF) ||
         (code >= 0xF900 && code <= 0xFAFF) || (code >= 0x20000 && code <= 0x3FFFF);
}

CharClass classify_unicode(char32_t code) {
  switch (code) {
    case 0x2019:
    case 0x02BC: return CharClass::apostrophe;
    case 0x2010:
    case 0x2011:
    case 0xFF0D: return CharClass::hyphen;
    default: break;
  }
  if (is_ideograph(code)) return CharClass::ideograph;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(code))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return CharClass::word;
    default: return CharClass::other;
  }
}

constexpr Char ascii_char(unsigned char byte) {
  Char c;
  c.code = byte;
  const bool digit = byte >= '0' && byte <= '9';
  const bool letter = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
  c.digit = digit;
  if (digit || letter) {
    c.kind = CharClass::word;
  } else if (byte == '\'') {
    c.kind = CharClass::apostrophe;
  } else if (byte == '-') {
    c.kind = CharClass::hyphen;
  } else if (byte == '.' || byte == ',') {
    c.kind = CharClass::number_separator;
  }
  return c;
}

constexpr std::array<Char, 128> k_ascii = [] {
  std::array<Char, 128> chars{};
  for (unsigned byte = 0; byte < 128; ++byte)
    chars[byte] = ascii_char(static_cast<unsigned char>(byte));
  return chars;
}();

// For each ASCII byte: 0 when it is not a word character, else k_letter or k_digit.
constexpr std::uint8_t k_letter = 1;
constexpr std::uint8_t k_digit = 2;
constexpr std::array<std::uint8_t, 128> k_ascii_word = [] {
  std::array<std::uint8_t, 128> kinds{};
  for (std::size_t byte = 0; byte < 128; ++byte) {
    if (k_ascii[byte].kind == CharClass::word)
      kinds[byte] = k_ascii[byte].digit ? k_digit : k_letter;
  }
  return kinds;
}();

[[gnu::noinline]] Char read_unicode_char(std::string_view text, std::size_t at) {
  Char c;
  utf8proc_int32_t code = 0;
  const auto size = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                     static_cast<utf8proc_ssize_t>(text.size() - at), &code);
  if (size <= 0) return c;  // an ill-formed byte: a separator of one byte
  c.code = static_cast<char32_t>(code);
  c.size = static_cast<std::size_t>(size);
  c.kind = classify_unicode(c.code);
  c.digit = c.kind == CharClass::word && utf8proc_category(code) == UTF8PROC_CATEGORY_ND;
  return c;
}

// ASCII from a table, the rest through utf8proc: news is mostly ASCII.
inline Char read_char(std::string_view text, std::size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  return byte < 0x80 ? k_ascii[byte] : read_unicode_char(text, at);
}

char lower_ascii(unsigned char byte) {
  return static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, JoinedForms joined, TokenBuffer& out)
      : m_text(text), m_joined(joined), m_out(out) {
    if (m_text.size() > k_max_bytes) m_text = m_text.substr(0, k_max_bytes);
    m_out.tokens.clear();
    m_out.folded.clear();
  }

  void run() {
    std::size_t at = 0;
    while (at < m_text.size()) {
      const Char c = read_char(m_text, at);
      if (c.kind == CharClass::word) {
        at = read_word(at);
        continue;
      }
      // A hyphen right after a word keeps the group of parts open for the joined form.
      m_continue_group = c.kind == CharClass::hyphen && m_after_word;
      if (!m_continue_group) finish_group();
      m_after_word = false;
      if (c.kind == CharClass::ideograph) {
        emit_part(at, at + c.size);
        finish_group();
      }
      at += c.size;
    }
    finish_group();
  }

 private:
  static constexpr std::size_t k_max_bytes = std::numeric_limits<std::uint32_t>::max();

  // Reads one word starting at `at` and returns where reading stopped.
  std::size_t read_word(std::size_t at) {
    if (!m_continue_group) finish_group();
    m_continue_group = false;
    const std::size_t start = at;
    bool last_digit = false;
    bool plain = true;  // only ASCII letters and digits so far
    while (at < m_text.size()) {
      const auto byte = static_cast<unsigned char>(m_text[at]);
      if (byte < 0x80 && k_ascii_word[byte] != 0) {  // most of news: one table look-up
        last_digit = k_ascii_word[byte] == k_digit;
        ++at;
        continue;
      }
      const Char c = read_char(m_text, at);
      if (c.kind == CharClass::word) {
        plain = false;
        last_digit = c.digit;
        at += c.size;
        continue;
      }
      if (at + c.size >= m_text.size()) break;
      const Char next = read_char(m_text, at + c.size);
      if (next.kind != CharClass::word) break;
      if (c.kind == CharClass::apostrophe && !last_digit && !next.digit) {
        if (is_possessive_s(at + c.size)) {
          emit_part(start, at);
          m_after_word = false;
          return at + c.size + 1;
        }
        plain = false;
        at += c.size;
      } else if (c.kind == CharClass::number_separator && last_digit && next.digit) {
        plain = false;
        at += c.size;
      } else {
        break;
      }
    }
    if (plain) {
      emit_plain(start, at);
    } else {
      emit_part(start, at);
    }
    m_after_word = true;
    return at;
  }

  // True when the text at `at` is a lone "s" (the end of a possessive "'s").
  bool is_possessive_s(std::size_t at) const {
    if (m_text[at] != 's' && m_text[at] != 'S') return false;
    if (at + 1 >= m_text.size()) return true;
    return read_char(m_text, at + 1).kind != CharClass::word;
  }

  void emit_part(std::size_t start, std::size_t end) {
    std::string& folded = m_out.folded;
    const std::size_t before = folded.size();
    const std::size_t ascii_end = fold_ascii(start, end);
    for (std::size_t i = ascii_end; i < end;) {
      const auto byte = static_cast<unsigned char>(m_text[i]);
      if (byte < 0x80) {
        if (byte != '\'') folded += lower_ascii(byte);
        ++i;
        continue;
      }
      const Char c = read_char(m_text, i);
      if (c.kind != CharClass::apostrophe) fold_append(m_text.substr(i, c.size), folded);
      i += c.size;
    }
    if (folded.size() == before) return;  // e.g. only marks that folding removed
    if (folded.size() > k_max_bytes) {    // offsets into the folded forms are 32 bits too
      folded.resize(before);
      return;
    }
    add_token(before, start, end);
  }

  // emit_part() for a word of ASCII letters and digits only, which folds to itself
  // lower-cased.
  void emit_plain(std::size_t start, std::size_t end) {
    std::string& folded = m_out.folded;
    const std::size_t before = folded.size();
    if (before + (end - start) > k_max_bytes) return;  // offsets are 32 bits
    folded.append(m_text.data() + start, end - start);
    for (char* c = folded.data() + before; c != folded.data() + folded.size(); ++c) {
      *c = lower_ascii(static_cast<unsigned char>(*c));
    }
    add_token(before, start, end);
  }

  void add_token(std::size_t before, std::size_t start, std::size_t end) {
    TokenSpan token;
    token.folded_start = static_cast<std::uint32_t>(before);
    token.folded_size = static_cast<std::uint32_t>(m_out.folded.size() - before);
    token.start = static_cast<std::uint32_t>(start);
    token.end = static_cast<std::uint32_t>(end);
    token.position = token.last_position = m_position++;
    if (m_group_size == 0) m_group_begin = m_out.tokens.size();
    m_out.tokens.push_back(token);
    ++m_group_size;
  }

  // Folds the ASCII bytes from `start` on into the folded forms, written in place (for
  // ASCII, folding is lower-casing and the apostrophe is dropped); returns where the
  // first byte that is not ASCII stands, or `end`.
  std::size_t fold_ascii(std::size_t start, std::size_t end) {
    std::string& folded = m_out.folded;
    const std::size_t before = folded.size();
    folded.resize(before + (end - start));
    char* to = folded.data() + before;
    std::size_t i = start;
    for (; i < end; ++i) {
      const auto byte = static_cast<unsigned char>(m_text[i]);
      if (byte >= 0x80) break;
      *to = lower_ascii(byte);
      to += byte != '\'';
    }
    folded.resize(static_cast<std::size_t>(to - folded.data()));
    return i;
  }

  // Ends the word being read; most words have one part and nothing to join, so this
  // stays small enough to inline where every separator calls it.
  void finish_group() {
    if (m_group_size > 1 && m_joined == JoinedForms::emit) join_group();
    m_group_size = 0;
  }

  // The parts of a hyphenated word are already in place; its joined form goes before
  // them. Their folded forms lie back to back, so the joined form is their whole span.
  [[gnu::noinline]] void join_group() {
    const TokenSpan& first = m_out.tokens[m_group_begin];
    const TokenSpan& last = m_out.tokens.back();
    TokenSpan joined;
    joined.folded_start = first.folded_start;
    joined.folded_size = last.folded_start + last.folded_size - first.folded_start;
    joined.start = first.start;
    joined.end = last.end;
    joined.position = first.position;
    joined.last_position = last.position;
    m_out.tokens.insert(m_out.tokens.begin() + static_cast<std::ptrdiff_t>(m_group_begin), joined);
  }

  std::string_view m_text;
  JoinedForms m_joined;
  TokenBuffer& m_out;
  std::size_t m_group_begin = 0;  ///< index of the first part of the current hyphenated word
  std::size_t m_group_size = 0;   ///< its parts so far
  std::uint32_t m_position = 0;
  bool m_after_word = false;      ///< the previous character ended a word
  bool m_continue_group = false;  ///< a hyphen joined the previous word to the next
};

}  // namespace

void tokenize_into(std::string_view text, TokenBuffer& out, JoinedForms joined) {
  Tokenizer(text, joined, out).run();
}

std::vector<Token> tokenize(std::string_view text, JoinedForms joined) {
  TokenBuffer buffer;
  tokenize_into(text, buffer, joined);
  std::vector<Token> tokens;
  tokens.reserve(buffer.tokens.size());
  for (const TokenSpan& span : buffer.tokens) {
    tokens.push_back(Token{std::string(buffer.folded_of(span)), span.start, span.end, span.position,
                           span.last_position});
  }
  return tokens;
}

std::vector<TokenView> views_of(const std::vector<Token>& tokens) {
  std::vector<TokenView> views;
  views.reserve(tokens.size());
  for (const Token& token : tokens) {
    views.push_back(
        TokenView{token.folded, token.start, token.end, token.position, token.last_position});
  }
  return views;
}

}  // namespace newsmon::util
