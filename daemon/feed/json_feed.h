#pragma once
// JSON Feed 1.0 and 1.1 (https://jsonfeed.org) from UTF-8 text to a ParsedFeed.

#include <string>
#include <string_view>

#include "daemon/feed/item.h"

namespace newsmon::feed {

/// Whether text (after leading white space) is a JSON object, the only JSON a feed is.
bool looks_like_json(std::string_view text);

/// Reads a JSON Feed. A document cut short keeps the items completed before the cut;
/// JSON that is not a JSON Feed leaves report.is_feed false. Never throws.
void read_json_feed(std::string_view text, const std::string& url, ParsedFeed& out);

}  // namespace newsmon::feed
