// Feed documents: the sniffing entry point, each XML format's entries inside a fixed
// envelope (so mutations land in entries rather than break the root), and JSON Feed.

#include <nlohmann/json.hpp>

#include <string>
#include <utility>

#include <fmt/format.h>

#include "daemon/feed/json.h"
#include "daemon/feed/parse.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

constexpr const char* k_feed_url = "https://fuzz.example.org/feeds/world.xml";

// Every text of a parse is NUL-free, valid UTF-8: the store, the payloads and `newsmon parse`
// (nlohmann's strict dump throws on bad UTF-8) rely on it.
void check_text(const std::string& text, std::string_view what) {
  if (text.find('\0') != std::string::npos) {
    require(false, fmt::format("no NUL byte in {}", what));
  }
  if (!util::is_valid_utf8(text)) {
    require(false, fmt::format("{} is valid UTF-8: {}", what, util::repair_utf8(text)));
  }
}

void check_item(const feed::Item& item) {
  require(!item.id.empty(), "every item has an id (its own or a fallback)");
  const std::pair<const std::string*, std::string_view> fields[] = {
      {&item.id, "id"},
      {&item.link, "link"},
      {&item.title, "title"},
      {&item.summary, "summary"},
      {&item.content, "content"},
      {&item.title_html, "title_html"},
      {&item.summary_html, "summary_html"},
      {&item.content_html, "content_html"},
      {&item.published.raw, "published"},
      {&item.updated.raw, "updated"}};
  for (const auto& [text, name] : fields) check_text(*text, fmt::format("an item's {}", name));
  for (const auto& category : item.categories) check_text(category, "a category");
  for (const auto& author : item.authors) {
    check_text(author.name + author.email + author.uri, "an author");
  }
  for (const auto& enclosure : item.enclosures) {
    check_text(enclosure.url + enclosure.type, "an enclosure");
  }
}

void check_feed_info(const feed::FeedInfo& feed) {
  for (const auto* text :
       {&feed.title, &feed.link, &feed.id, &feed.language, &feed.description, &feed.updated.raw}) {
    check_text(*text, "a feed field");
  }
  for (const auto& link : feed.self_links) check_text(link, "a self link");
  for (const auto& link : feed.hub_links) check_text(link, "a hub link");
  for (const auto& day : feed.skip_days) check_text(day, "a skip day");
}

// What every parse must give, whatever the input: items with ids, all text clean, and
// a document `newsmon parse` can print.
std::size_t text_bytes(const feed::Item& item) {
  return item.title.size() + item.summary.size() + item.content.size() + item.title_html.size() +
         item.summary_html.size() + item.content_html.size();
}

// No document makes text out of proportion to its size: decoding to UTF-8 can triple it,
// declared entities double it, and each field is kept as plain text and as HTML, where
// escaping can multiply it by six ('"' is "&quot;"). One entity used many times once made
// a 200 KB feed into a 16.9 MB summary.
void check_size(const feed::ParsedFeed& parsed, std::size_t document_size) {
  std::size_t total = 0;
  for (const auto& item : parsed.items) total += text_bytes(item);
  if (total > 16 * document_size + 65536) {
    require(false,
            fmt::format("{} bytes of item text from a {}-byte document", total, document_size));
  }
}

void check_parsed(const feed::ParsedFeed& parsed, std::size_t document_size) {
  check_size(parsed, document_size);
  for (const auto& item : parsed.items) check_item(item);
  check_feed_info(parsed.feed);
  check_text(parsed.report.error, "the report's error");
  for (const auto& warning : parsed.report.warnings) check_text(warning, "a warning");
  require(parsed.report.is_feed || parsed.items.empty(), "items come only from a feed");
  try {
    (void)feed::to_json(parsed).dump();
  } catch (const nlohmann::json::exception& error) {
    require(false, error.what());
  }
}

void parse_inside(std::string_view input, std::string_view open, std::string_view close) {
  std::string document(open);
  document.append(input);
  document.append(close);
  check_parsed(feed::parse_feed(document, {k_feed_url, "application/xml"}), document.size());
}

}  // namespace

void feed_parse(std::string_view input) {
  check_parsed(feed::parse_feed(input, {k_feed_url, ""}), input.size());
}

void feed_rss(std::string_view input) {
  parse_inside(input,
               "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
               "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
               "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
               "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
               "xmlns:media=\"http://search.yahoo.com/mrss/\"><channel>",
               "</channel></rss>\n");
}

void feed_rdf(std::string_view input) {
  parse_inside(input,
               "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
               "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
               "xmlns=\"http://purl.org/rss/1.0/\" "
               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">",
               "</rdf:RDF>\n");
}

void feed_atom(std::string_view input) {
  parse_inside(input,
               "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
               "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
               "xml:base=\"https://fuzz.example.org/base/\">",
               "</feed>\n");
}

void feed_json(std::string_view input) {
  check_parsed(feed::parse_feed(input, {k_feed_url, "application/feed+json"}), input.size());
}

}  // namespace newsmon::fuzz
