#pragma once
// Dates as feeds write them, for the feeds the end-to-end tests serve.

#include <ctime>
#include <string>

namespace newsmon::test {

/// RFC 822 in UTC, as RSS writes <pubDate>: "Mon, 30 Jan 2023 09:12:00 +0000".
inline std::string rfc822(std::time_t at) {
  std::tm parts{};
  gmtime_r(&at, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return text;
}

}  // namespace newsmon::test
