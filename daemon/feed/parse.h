#pragma once
// Bytes in, items out: the entry point of the feed parser. No I/O happens here.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/feed/item.h"

namespace newsmon::feed {

struct ParseOptions {
  std::string url;           ///< where the document came from; base for relative links
  std::string content_type;  ///< the HTTP Content-Type header, with its charset if any
  /// At most this many bytes of UTF-8 text are read, after conversion from the document's
  /// charset and the expansion of entity references (either can make a document larger
  /// than its bytes): entries past the limit are not read. Callers pass http.max_body.
  /// Default: 8 MiB.
  std::size_t max_text = 8u << 20;
};

/// Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed documents. Never throws on bad
/// input: a malformed or truncated document yields the entries read before the fault
/// and a report saying where it broke. NUL bytes, which no feed may contain, are removed
/// and the report names the entries they were in.
ParsedFeed parse_feed(std::string_view bytes, const ParseOptions& options = {});

/// The feed addresses an HTML page announces with <link rel="alternate"
/// type="...rss/atom/json...">, resolved against page_url, in document order.
std::vector<std::string> discover_feed_links(std::string_view html, std::string_view page_url);

/// Turns an HTML fragment into plain text: scripts and styles dropped, block elements as
/// line breaks, entities decoded, runs of white space collapsed.
std::string html_to_text(std::string_view html);

}  // namespace newsmon::feed
