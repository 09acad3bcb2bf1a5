#pragma once
// Dates as feeds write them, for the feeds the end-to-end tests serve, and the sample
// feed dated as news.

#include <ctime>
#include <string>

#include "daemon/util/text.h"
#include "tests/support/paths.h"

namespace newsmon::test {

/// RFC 822 in UTC, as RSS writes <pubDate>: "Mon, 30 Jan 2023 09:12:00 +0000".
inline std::string rfc822(std::time_t at) {
  std::tm parts{};
  gmtime_r(&at, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return text;
}

/// The sample feed tests/data/e2e/world.xml with its matching story published an hour
/// ago: news, not backlog (alerts.max_age).
inline std::string recent_world_feed() {
  auto feed = util::read_file(data_dir() / "e2e" / "world.xml").value();
  const std::string dated = "Mon, 30 Jan 2023 09:12:00 +0900";
  feed.replace(feed.find(dated), dated.size(), rfc822(std::time(nullptr) - 3600));
  return feed;
}

}  // namespace newsmon::test
