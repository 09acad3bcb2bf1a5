#pragma once
// The configuration file (DESIGN.md section 5): read strictly, every mistake reported
// with its file, line and column, never silently ignored.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/fetch/curl_client.h"
#include "daemon/util/diagnostic.h"
#include "daemon/util/log.h"

namespace newsmon::app {

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
inline fetch::ClientOptions client_options(const HttpConfig& http) {
  fetch::ClientOptions options;
  options.user_agent = http.user_agent;
  options.max_connections = http.max_connections;
  options.per_host = http.per_host;
  options.ca_file = http.ca_file.string();
  return options;
}

struct ScheduleConfig {
  std::chrono::seconds min_interval{120};
  std::chrono::seconds default_interval{900};
  std::chrono::seconds max_interval{6 * 3600};
  std::chrono::seconds max_backoff{6 * 3600};  ///< cap of the error backoff

  bool operator==(const ScheduleConfig&) const = default;
};

struct AlertsConfig {
  std::chrono::seconds cluster_window{48 * 3600};  ///< one alert per rule per story cluster
  int similarity_bits = 12;                        ///< SimHash bits two copies may differ by
  std::chrono::seconds lease{120};                 ///< delivery lease
};

struct MetricsConfig {
  std::string listen;  ///< "127.0.0.1:9464"; empty = no metrics listener
};

struct Config {
  std::filesystem::path path;  ///< the file read; relative paths resolve against its folder
  std::filesystem::path database = "/var/lib/newsmon/newsmon.db";
  std::vector<std::filesystem::path> rules;
  std::vector<FeedConfig> feeds;
  std::vector<alert::Endpoint> webhooks;
  HttpConfig http;
  ScheduleConfig schedule;
  AlertsConfig alerts;
  MetricsConfig metrics;
  util::LogLevel log_level = util::LogLevel::info;
};

struct ConfigResult {
  Config config;
  std::vector<util::Diagnostic> errors;  ///< every problem found; the config is unusable if any
};

/// Reads the configuration file and the feed lists it includes (YAML or OPML).
ConfigResult load_config(const std::filesystem::path& path);

}  // namespace newsmon::app
