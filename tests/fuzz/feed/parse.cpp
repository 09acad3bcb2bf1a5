// Feed documents: the sniffing entry point, each XML format's entries inside a fixed
// envelope (so mutations land in entries rather than break the root), and JSON Feed.

#include <nlohmann/json.hpp>

#include <string>

#include "daemon/feed/json.h"
#include "daemon/feed/parse.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

constexpr const char* k_feed_url = "https://fuzz.example.org/feeds/world.xml";

bool has_nul(const std::string& text) {
  return text.find('\0') != std::string::npos;
}

void check_item(const feed::Item& item) {
  require(!item.id.empty(), "every item has an id (its own or a fallback)");
  for (const auto* text : {&item.title, &item.summary, &item.content, &item.title_html,
                           &item.summary_html, &item.content_html, &item.id, &item.link}) {
    require(!has_nul(*text), "no NUL byte reaches an item's text");
  }
}

// What every parse must give, whatever the input: items with ids and without NUL bytes,
// and a document `newsmon parse` can print (nlohmann's strict dump throws on bad UTF-8).
void check_parsed(const feed::ParsedFeed& parsed) {
  for (const auto& item : parsed.items) check_item(item);
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
  check_parsed(feed::parse_feed(document, {k_feed_url, "application/xml"}));
}

}  // namespace

void feed_parse(std::string_view input) {
  check_parsed(feed::parse_feed(input, {k_feed_url, ""}));
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
  check_parsed(feed::parse_feed(input, {k_feed_url, "application/feed+json"}));
}

}  // namespace newsmon::fuzz
