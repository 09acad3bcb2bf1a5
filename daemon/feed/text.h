#pragma once
// Plain text as the rules engine sees it: white space collapsed to single spaces, block
// boundaries as single line breaks, invisible characters dropped. Rules report byte
// offsets into this text, so its form must not drift between releases.

#include <optional>
#include <string>
#include <string_view>

namespace newsmon::feed {

/// Accumulates text, normalising as it goes: runs of white space (ASCII and Unicode
/// spaces such as U+00A0) become one space, line breaks requested between blocks become
/// one "\n", soft hyphens, zero-width spaces, byte-order marks and control characters are
/// dropped, and C1 controls (U+0080-U+009F, a common windows-1252 mix-up) are read as the
/// windows-1252 characters they were meant to be. Leading and trailing space is trimmed.
class TextBuilder {
 public:
  /// Appends UTF-8 text (assumed well-formed).
  void append(std::string_view text);
  /// A block boundary: the next text starts on a new line.
  void line_break();
  /// A word boundary (between table cells): the next text is separated by a space.
  void word_break();
  std::string finish() &&;

 private:
  enum class Pending { nothing, space, newline };
  void flush_pending();
  void append_special(std::string_view sequence);

  std::string m_out;
  Pending m_pending = Pending::nothing;
};

/// Normalises text that carries no markup (see TextBuilder).
std::string clean_text(std::string_view text);

/// Whether text may contain markup or character references worth an HTML parse.
bool may_contain_markup(std::string_view text);

/// html_to_text's fast path: a tokenizer for the common subset of HTML fragments (text,
/// tags, comments, character references). nullopt when the fragment needs the full HTML
/// parser (scripts, tables, foreign content, odd constructs); otherwise the result is
/// the same as html_to_text_full's.
std::optional<std::string> html_to_text_fast(std::string_view html);
/// html_to_text through gumbo's full HTML5 parse.
std::string html_to_text_full(std::string_view html);

/// Text that was UTF-8, read as ISO-8859-1 and encoded to UTF-8 again ("FranÃ§ois" for
/// "François"), restored; nullopt when the text does not have that shape. Only text
/// whose every character is in U+0080-U+00FF (besides ASCII) and whose bytes then form
/// valid multi-byte UTF-8 qualifies, so correct Latin-1 text is never touched.
std::optional<std::string> undo_double_encoding(std::string_view text);

/// C1 controls (U+0080-U+009F, UTF-8 C2 80-C2 9F) replaced by the windows-1252
/// characters they stand for, as TextBuilder reads them; nullopt when there are none.
std::optional<std::string> c1_as_windows_1252(std::string_view text);

/// HTML-escapes plain text ("<" to "&lt;", ...) so it can stand in an *_html field.
std::string escape_html(std::string_view text);

}  // namespace newsmon::feed
