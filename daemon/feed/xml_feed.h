#pragma once
// XML feeds (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) from UTF-8 text to a ParsedFeed.

#include <string>
#include <string_view>

#include "daemon/feed/item.h"

namespace newsmon::feed {

/// Reads an XML feed. Fills out.feed, out.items and the report's well_formed, error,
/// is_feed and is_html_page; never throws. A document that breaks off or goes wrong
/// midway keeps the entries completed before the fault, and the reader picks up again
/// at the next entry after it.
void read_xml_feed(std::string_view text, const std::string& url, ParsedFeed& out);

}  // namespace newsmon::feed
