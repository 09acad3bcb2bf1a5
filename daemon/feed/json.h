#pragma once
// A ParsedFeed as JSON, the form `newsmon parse` prints (docs/feed-formats.md). Dates are
// UTC epoch seconds, or null when missing or unreadable (with the raw text and a status).

#include <nlohmann/json.hpp>

#include "daemon/feed/item.h"

namespace newsmon::feed {

nlohmann::json to_json(const ParsedFeed& feed);
nlohmann::json to_json(const Item& item);

}  // namespace newsmon::feed
