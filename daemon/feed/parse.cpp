#include "daemon/feed/parse.h"

#include "daemon/feed/charset.h"
#include "daemon/feed/entities.h"
#include "daemon/feed/json_feed.h"
#include "daemon/feed/xml_entry.h"
#include "daemon/feed/xml_feed.h"
#include "daemon/util/text.h"

namespace newsmon::feed {
namespace {

// JSON and XML tell themselves apart by their first character; NUL bytes are skipped so
// that UTF-16 and UTF-32 documents show it too.
DocumentSyntax detect_syntax(std::string_view bytes) {
  const Sniffed sniffed = sniff_encoding(bytes);
  for (std::size_t i = sniffed.bom_length; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' ? DocumentSyntax::json : DocumentSyntax::xml;
  }
  return DocumentSyntax::xml;
}

void explain_failure(ParseReport& report, std::string_view content_type) {
  if (report.is_feed) return;
  // An HTML page that is not even well-formed enough to show its <html> says so in its
  // Content-Type.
  const std::string media_type = parse_content_type(content_type).media_type;
  if (media_type == "text/html" || media_type == "application/xhtml+xml") {
    report.is_html_page = true;
  }
  if (!report.error.empty() && !report.is_html_page) return;
  report.error = report.is_html_page
                     ? "an HTML page, not a feed (a bot check, a login page, or the site's "
                       "front page): check the feed URL"
                     : "not a feed: no RSS, RDF, Atom or JSON Feed root element";
}

}  // namespace

ParsedFeed parse_feed(std::string_view bytes, const ParseOptions& options) {
  ParsedFeed out;
  if (util::trim(bytes).empty()) {
    out.report.well_formed = false;
    out.report.error = "empty document";
    return out;
  }
  const DocumentSyntax syntax = detect_syntax(bytes);
  DecodedDocument decoded = decode_document(bytes, options.content_type, syntax);
  out.report.encoding = decoded.encoding;
  if (!decoded.problem.empty()) out.report.warnings.push_back(decoded.problem);
  if (syntax == DocumentSyntax::json) {
    read_json_feed(decoded.text, options.url, out);
  } else {
    expand_entities_for_xml(decoded.text);
    read_xml_feed(decoded.text, options.url, out);
  }
  for (auto& item : out.items) finish_item(item);
  explain_failure(out.report, options.content_type);
  return out;
}

}  // namespace newsmon::feed
