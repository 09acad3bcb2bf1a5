#include "daemon/feed/parse.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/feed/charset.h"
#include "daemon/feed/entities.h"
#include "daemon/feed/json_feed.h"
#include "daemon/feed/xml_entry.h"
#include "daemon/feed/xml_feed.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

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

// ---- NUL bytes: removed, and the entries they were in named ----

// U+10FFFD (private use, plane 16): stands in for each NUL byte in a second parse that
// finds the entries holding one. No feed has a reason to use it.
constexpr std::string_view k_nul_marker = "\xF4\x8F\xBF\xBD";

bool has_marker(const Item& item) {
  for (const auto* text : {&item.title, &item.summary, &item.content, &item.id, &item.link,
                           &item.title_html, &item.summary_html, &item.content_html}) {
    if (text->find(k_nul_marker) != std::string::npos) return true;
  }
  return false;
}

std::string without_marker(std::string text) {
  for (auto at = text.find(k_nul_marker); at != std::string::npos; at = text.find(k_nul_marker)) {
    text.erase(at, k_nul_marker.size());
  }
  return text;
}

// How a user finds the entry in the feed: its title, else its id or link.
std::string entry_name(const Item& item) {
  std::string name = without_marker(!item.title.empty() ? item.title
                                    : !item.id.empty()  ? item.id
                                                        : item.link);
  name = util::truncate_utf8(util::repair_utf8(name), 80);
  return name.empty() ? "an entry without title, id or link" : fmt::format("\"{}\"", name);
}

std::vector<std::string> entries_with_nul(std::string text, DocumentSyntax syntax,
                                          const ParseOptions& options) {
  for (auto at = text.find('\0'); at != std::string::npos; at = text.find('\0', at)) {
    text.replace(at, 1, k_nul_marker);
  }
  ParsedFeed marked;
  if (syntax == DocumentSyntax::json) {
    read_json_feed(text, options.url, marked);
  } else {
    (void)expand_entities_for_xml(text, options.max_text);  // as the real parse will
    read_xml_feed(text, options.url, marked);
  }
  std::vector<std::string> names;
  for (const auto& item : marked.items) {
    if (has_marker(item)) names.push_back(entry_name(item));
  }
  return names;
}

void remove_nul_bytes(std::string& text, DocumentSyntax syntax, const ParseOptions& options,
                      std::string& problems) {
  if (text.find('\0') == std::string::npos) return;  // memchr: nearly free for every feed
  const auto count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\0'));
  const std::vector<std::string> entries = entries_with_nul(text, syntax, options);
  text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
  std::string where = "outside the entries";
  if (!entries.empty()) {
    where = fmt::format("in {} {}", entries.size() == 1 ? "the entry" : "the entries",
                        util::join(entries, ", "));
  }
  add_problem(problems, fmt::format("removed {} NUL byte{} (never allowed in a feed) {}", count,
                                    count == 1 ? "" : "s", where));
}

// The decoded document, NUL-free, with entities expanded, within the size limit.
std::string prepare_text(std::string text, DocumentSyntax syntax, const ParseOptions& options,
                         std::string& problems) {
  bound_text(text, options.max_text, problems);
  remove_nul_bytes(text, syntax, options, problems);
  if (syntax == DocumentSyntax::xml) expand_entities(text, options.max_text, problems);
  return text;
}

// ---- the promise of item.h: every text is UTF-8 ----

// pugixml writes a numeric reference as the bytes of its value. The rewrite before the
// parse turns references to no character into U+FFFD, but a part the reader parses again
// after a fault may have hidden one from it; this is the last word.
void make_utf8(std::string& text) {
  if (!util::is_valid_utf8(text)) text = util::repair_utf8(text);
}

void make_utf8(Date& date) {
  make_utf8(date.raw);
}

void make_utf8(std::vector<std::string>& texts) {
  for (auto& text : texts) make_utf8(text);
}

void make_utf8(Item& item) {
  for (auto* text : {&item.id, &item.link, &item.title, &item.summary, &item.content,
                     &item.title_html, &item.summary_html, &item.content_html}) {
    make_utf8(*text);
  }
  make_utf8(item.published);
  make_utf8(item.updated);
  make_utf8(item.categories);
  for (auto& author : item.authors) {
    for (auto* text : {&author.name, &author.email, &author.uri}) make_utf8(*text);
  }
  for (auto& enclosure : item.enclosures) {
    make_utf8(enclosure.url);
    make_utf8(enclosure.type);
  }
}

void make_utf8(ParsedFeed& parsed) {
  FeedInfo& feed = parsed.feed;
  for (auto* text : {&feed.title, &feed.link, &feed.id, &feed.language, &feed.description}) {
    make_utf8(*text);
  }
  make_utf8(feed.updated);
  make_utf8(feed.self_links);
  make_utf8(feed.hub_links);
  for (auto& item : parsed.items) make_utf8(item);
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
  make_utf8(out);
  for (auto& item : out.items) finish_item(item);
  explain_failure(out.report, options.content_type);
  if (!problems.empty()) {
    if (!out.report.error.empty()) problems += "; " + out.report.error;
    out.report.error = std::move(problems);
  }
  return out;
}

}  // namespace newsmon::feed
