#pragma once
// Feeds for the parser's tests: the sample files of tests/data/feed and small RSS
// documents built in place.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "daemon/feed/parse.h"
#include "daemon/util/text.h"
#include "tests/support/paths.h"

namespace newsmon::test {

inline std::string feed_sample(const std::string& name) {
  auto text = util::read_file(data_dir() / "feed" / name);
  REQUIRE(text);
  return *text;
}

inline feed::ParsedFeed parse_sample(const std::string& name, const std::string& url = {}) {
  return feed::parse_feed(feed_sample(name), {url, ""});
}

/// A real-world-shaped broken document of tests/data/feed/broken.
inline feed::ParsedFeed parse_broken(const std::string& name,
                                     const std::string& content_type = {}) {
  return feed::parse_feed(feed_sample("broken/" + name),
                          {"https://broken.example.com/feed", content_type});
}

inline std::vector<std::string> titles(const feed::ParsedFeed& parsed) {
  std::vector<std::string> out;
  for (const auto& item : parsed.items) out.push_back(item.title);
  return out;
}

inline std::string rss_item(const std::string& title, const std::string& description) {
  return "<item><title>" + title + "</title><guid>" + title + "</guid><description>" + description +
         "</description></item>\n";
}

inline std::string rss(const std::string& items, const std::string& doctype = {},
                       const std::string& encoding = "utf-8") {
  return "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n" + doctype +
         "<rss version=\"2.0\"><channel><title>Limits</title>\n" + items + "</channel></rss>\n";
}

/// The bytes of text a parse produced, in every field that holds an item's text.
inline std::size_t text_bytes(const feed::ParsedFeed& parsed) {
  std::size_t total = 0;
  for (const auto& item : parsed.items) {
    total += item.title.size() + item.summary.size() + item.content.size() +
             item.summary_html.size() + item.content_html.size();
  }
  return total;
}

}  // namespace newsmon::test
