#pragma once
// Splitting text into folded word tokens with their byte offsets and word positions,
// the same way for stories and for the words of watch rules, so both sides agree.
//
// What a token is:
//  - a run of letters, digits and combining marks (any script), folded by fold();
//  - each Han, Hiragana or Katakana character is a token of its own (no spaces there);
//  - an apostrophe between letters stays inside the token but is dropped from its folded
//    form ("O'Brien" -> "obrien"); a final possessive "'s" is not part of the token
//    ("Korea's" -> "korea", the token covering "Korea");
//  - "." or "," between digits stays inside the token ("1,000", "2.5");
//  - a hyphen between letters or digits separates tokens ("F-16" -> "f", "16") and the
//    whole hyphenated word is also emitted, joined, at the same position ("f16"), so
//    "F16" written by a rule finds "F-16" in a story;
//  - everything else separates tokens.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsmon::util {

struct Token {
  std::string folded;               ///< the matching key
  std::uint32_t start = 0;          ///< byte offset of the first byte in the original text
  std::uint32_t end = 0;            ///< byte offset one past the last byte
  std::uint32_t position = 0;       ///< word position (0, 1, 2, ...)
  std::uint32_t last_position = 0;  ///< == position, except for joined hyphenated words
  bool joined() const { return last_position != position; }
};

/// A token whose folded form lies in its TokenBuffer.
struct TokenSpan {
  std::uint32_t folded_start = 0;  ///< into TokenBuffer::folded
  std::uint32_t folded_size = 0;
  std::uint32_t start = 0;  ///< byte offset of the first byte in the original text
  std::uint32_t end = 0;    ///< byte offset one past the last byte
  std::uint32_t position = 0;
  std::uint32_t last_position = 0;
  bool joined() const { return last_position != position; }
};

/// The tokens of one text, for callers that tokenize text after text: tokenize_into()
/// overwrites it and keeps its memory, so once it has grown to the longest text nothing
/// is allocated. A joined form's folded text is that of its parts, which lie back to back.
struct TokenBuffer {
  std::vector<TokenSpan> tokens;
  std::string folded;  ///< the folded forms of the parts, one after the other

  std::string_view folded_of(const TokenSpan& token) const {
    return std::string_view(folded).substr(token.folded_start, token.folded_size);
  }
};

/// A token whose folded form lies elsewhere (in a TokenBuffer or a Token), for readers
/// that look at tokens without copying their text. Valid while that text is unchanged.
struct TokenView {
  std::string_view folded;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::uint32_t position = 0;
  std::uint32_t last_position = 0;
  bool joined() const { return last_position != position; }
};

/// Views of the tokens, valid while `tokens` lives unchanged.
std::vector<TokenView> views_of(const std::vector<Token>& tokens);

/// Whether joined forms of hyphenated words are emitted besides their parts.
enum class JoinedForms { emit, skip };

/// The tokens of the text in position order (a joined form comes just before its first
/// part). Offsets refer to the bytes given; ill-formed UTF-8 bytes separate tokens.
/// Texts longer than 4 GiB are cut off there. Never throws on any input; thread-safe.
std::vector<Token> tokenize(std::string_view text, JoinedForms joined = JoinedForms::emit);

/// The same tokens as tokenize(), into a buffer that is reused.
void tokenize_into(std::string_view text, TokenBuffer& out, JoinedForms joined = JoinedForms::emit);

}  // namespace newsmon::util
