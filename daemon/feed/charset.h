#pragma once
// Which character encoding a feed document is in, and its conversion to UTF-8.
//
// The encoding is chosen the way feedparser chooses it (RFC 3023 and the XML
// specification's appendix F): a byte-order mark, the charset of the HTTP Content-Type,
// the XML declaration, and the media type deciding which of them wins. When the bytes do
// not decode as the chosen encoding, the next candidate is tried (the declared one, the
// one the byte-order mark implies, UTF-8, windows-1252, ISO-8859-2). One refinement: a
// document mostly in valid UTF-8 with a few broken bytes stays UTF-8, with the broken
// bytes replaced by U+FFFD, instead of being read entirely as windows-1252.

#include <string>
#include <string_view>

namespace newsmon::feed {

struct ContentType {
  std::string media_type;  ///< lower case, without parameters ("application/rss+xml")
  std::string charset;     ///< lower case, quotes removed; empty when absent
};

/// Parses an HTTP Content-Type header value. Never fails: junk gives empty fields.
ContentType parse_content_type(std::string_view header);

struct DecodedDocument {
  std::string text;      ///< UTF-8, without a byte-order mark; never ill-formed
  std::string encoding;  ///< the encoding the bytes were read as ("utf-8", "windows-1251")
  /// Empty, or why the encoding read differs from the declared one ("declared as
  /// us-ascii, read as utf-8"), for the parse report.
  std::string problem;
};

enum class DocumentSyntax { xml, json };

/// Converts a document to UTF-8. Never fails: bytes that no candidate encoding accepts
/// are decoded as UTF-8 with U+FFFD in place of invalid sequences. For JSON only the
/// byte-order mark and the HTTP charset count (RFC 8259 has no in-document declaration).
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type,
                                DocumentSyntax syntax);

/// The encoding a byte-order mark or the first bytes of "<?xml" reveal ("utf-16le",
/// "utf-32be", "utf-8", "cp037"), and the length of the mark; empty when nothing shows.
struct Sniffed {
  std::string encoding;
  std::size_t bom_length = 0;
};
Sniffed sniff_encoding(std::string_view bytes);

/// The encoding named by the XML declaration at the start of an ASCII-compatible
/// document, lower case; empty when there is none.
std::string xml_declared_encoding(std::string_view ascii_compatible_start);

}  // namespace newsmon::feed
