// Charset detection and conversion: byte-order marks, the HTTP charset, the XML
// declaration, and iconv for whatever charset they name.

#include <string>

#include "daemon/feed/charset.h"
#include "daemon/feed/iconv.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

constexpr std::string_view k_header = "Content-Type: ";

void check_decoded(const feed::DecodedDocument& decoded) {
  require(util::is_valid_utf8(decoded.text), "a decoded document is valid UTF-8");
  require(!decoded.encoding.empty(), "a decoded document names the encoding it was read as");
}

}  // namespace

void feed_charset(std::string_view input) {
  std::string_view content_type;
  if (input.starts_with(k_header)) {
    Lines lines(input.substr(k_header.size()));
    content_type = lines.next();
    input = lines.rest();
  }
  const feed::Sniffed sniffed = feed::sniff_encoding(input);
  require(sniffed.bom_length <= input.size(), "a byte-order mark lies within the document");
  check_decoded(feed::decode_document(input, content_type, feed::DocumentSyntax::xml));
  check_decoded(feed::decode_document(input, content_type, feed::DocumentSyntax::json));
  // Whatever charset the header names goes to iconv as it is.
  const std::string charset = feed::parse_content_type(content_type).charset;
  if (auto converter = feed::Iconv::to_utf8(charset.empty() ? "windows-1252" : charset)) {
    (void)converter->convert(input, feed::InvalidBytes::replace);
  }
}

}  // namespace newsmon::fuzz
