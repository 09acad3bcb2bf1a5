#include "daemon/feed/parse.h"

#include <fmt/format.h>

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

// Adds a problem found while preparing the text to the report, before the parser's own.
void add_problem(std::string& problems, const std::string& problem) {
  if (!problems.empty()) problems += "; ";
  problems += problem;
}

// "8.0 MiB", "19.5 KiB", "300 bytes".
std::string size_text(std::size_t bytes) {
  if (bytes >= (1u << 20))
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1u << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{} bytes", bytes);
}

// Cuts the text to the limit, at a character boundary.
void bound_text(std::string& text, std::size_t max_text, std::string& problems) {
  if (text.size() <= max_text) return;
  add_problem(problems, fmt::format("the document is {} as UTF-8 text, more than the {} limit "
                                    "(http.max_body): only the entries within it were read",
                                    size_text(text.size()), size_text(max_text)));
  text = util::truncate_utf8(text, max_text, "");
}

void expand_entities(std::string& text, std::size_t max_text, std::string& problems) {
  const EntityExpansion expansion = expand_entities_for_xml(text, max_text);
  if (expansion.refused == 0) return;
  add_problem(problems,
              fmt::format("{} entity references were left as written: expanding them would "
                          "have made the document more than twice its size or over {}",
                          expansion.refused, size_text(max_text)));
}

// The decoded document with entities expanded, within the size limit.
std::string prepare_text(std::string text, DocumentSyntax syntax, const ParseOptions& options,
                         std::string& problems) {
  bound_text(text, options.max_text, problems);
  if (syntax == DocumentSyntax::xml) expand_entities(text, options.max_text, problems);
  return text;
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
  std::string problems;
  const std::string text = prepare_text(std::move(decoded.text), syntax, options, problems);
  if (syntax == DocumentSyntax::json) {
    read_json_feed(text, options.url, out);
  } else {
    read_xml_feed(text, options.url, out);
  }
  for (auto& item : out.items) finish_item(item);
  explain_failure(out.report, options.content_type);
  if (!problems.empty()) {
    if (!out.report.error.empty()) problems += "; " + out.report.error;
    out.report.error = std::move(problems);
  }
  return out;
}

}  // namespace newsmon::feed
