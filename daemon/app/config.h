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
#include "daemon/poll/config.h"
#include "daemon/util/diagnostic.h"
#include "daemon/util/log.h"
#include "daemon/web/config.h"

namespace newsmon::app {

// The poll engine's settings are declared beside it and read here.
using poll::client_options;
using poll::FeedConfig;
using poll::HttpConfig;
using poll::ScheduleConfig;

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
  web::WebConfig web;  ///< the console; off unless web.listen is given
  util::LogLevel log_level = util::LogLevel::info;
};

struct ConfigResult {
  Config config;
  std::vector<util::Diagnostic> errors;  ///< every problem found; the config is unusable if any
};

/// Reads the configuration file and the feed lists it includes (YAML or OPML).
ConfigResult load_config(const std::filesystem::path& path);

}  // namespace newsmon::app
