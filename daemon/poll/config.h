#pragma once
// The poll engine's settings as the configuration file gives them (DESIGN.md section 5):
// the feeds, the HTTP limits of a poll and the bounds of the schedule. app/config.cpp reads
// them; the daemon builds its one HTTP client from HttpConfig (client_options()).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/fetch/curl_client.h"

namespace newsmon::poll {

struct FeedConfig {
  std::string url;
  std::optional<std::chrono::seconds> every;  ///< fixed interval; otherwise adaptive
  std::vector<std::string> tags;
  std::string title;             ///< from OPML, when given
  std::filesystem::path source;  ///< the file that listed it
  int line = 0;
};

struct HttpConfig {
  std::string user_agent = "newsmon/0.1 (+https://github.com/newsmon/newsmon)";
  std::chrono::milliseconds timeout{30'000};  ///< whole transfer
  std::chrono::milliseconds connect_timeout{10'000};
  std::uint64_t max_body = 8u << 20;  ///< decoded bytes
  long max_connections = 64;
  long per_host = 2;
  int max_redirects = 5;
  std::uint64_t low_speed_limit = 64;       ///< bytes/s ...
  std::chrono::seconds low_speed_time{30};  ///< ... for this long aborts
  bool allow_file_urls = false;             ///< file:// feeds (offline demos, tests)
  /// A PEM bundle of CA certificates trusted for https feeds and webhooks (see
  /// fetch::ClientOptions::ca_file); empty: the system's. Checked readable when loaded.
  std::filesystem::path ca_file;

  bool operator==(const HttpConfig&) const = default;
};

/// The HTTP client settings of this configuration, for feed polls and webhook deliveries.
fetch::ClientOptions client_options(const HttpConfig& http);

/// The limits of a feed poll: the configured timeouts, body size and redirects.
fetch::Limits feed_limits(const HttpConfig& http);

struct ScheduleConfig {
  std::chrono::seconds min_interval{120};
  std::chrono::seconds default_interval{900};
  std::chrono::seconds max_interval{6 * 3600};
  std::chrono::seconds max_backoff{6 * 3600};  ///< cap of the error backoff

  bool operator==(const ScheduleConfig&) const = default;
};

}  // namespace newsmon::poll
