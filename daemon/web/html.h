#pragma once
// Building HTML so that text can only ever be text. Markup comes from string literals
// in the code (markup() takes nothing else); every other string goes through text() or
// attr(), which escape it, so a feed title such as <script>alert(1)</script> is shown as
// the characters it is and never runs.

#include <cstddef>
#include <string>
#include <string_view>

namespace newsmon::web {

/// Escapes & < > " ' for use in text and in quoted attribute values.
std::string escape_html(std::string_view text);

/// A link target for a story or feed from the outside world: the URL when it is http or
/// https (user name and password removed), else an empty string, so that javascript: or
/// data: URLs never become links.
std::string safe_link(std::string_view url);

/// Removes user names and passwords (`https://user:secret@host/`) from every http(s)
/// URL in a text, such as an error message that quotes one.
std::string strip_url_credentials(std::string_view text);

/// Percent-encodes a query-string value.
std::string url_encode(std::string_view text);

/// An HTML fragment being written.
class Html {
 public:
  /// Literal markup from the code: only string literals are accepted.
  template <std::size_t N>
  Html& markup(const char (&literal)[N]) {
    m_out.append(literal, N - 1);
    return *this;
  }
  /// Text, escaped.
  Html& text(std::string_view text);
  /// ` name="value"` with the value escaped; call between an opening tag's name and its
  /// closing `>` (written with markup()).
  template <std::size_t N>
  Html& attr(const char (&name)[N], std::string_view value) {
    m_out += ' ';
    m_out.append(name, N - 1);
    m_out += "=\"";
    m_out += escape_html(value);
    m_out += '"';
    return *this;
  }
  /// Appends another fragment (already safe).
  Html& append(const Html& other) {
    m_out += other.m_out;
    return *this;
  }
  /// A number as text.
  Html& number(long long value);

  const std::string& str() const { return m_out; }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

}  // namespace newsmon::web
