#pragma once
// The configuration file (DESIGN.md section 5): read strictly, every mistake reported
// with its file, line and column, never silently ignored.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/alert/routing.h"
#include "daemon/alert/silences.h"
#include "daemon/poll/config.h"
#include "daemon/rules/rule_set.h"
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
  std::chrono::seconds cluster_window{48 * 3600};  ///< how long copies join a story's alert
  int similarity_bits = 12;                        ///< SimHash bits two copies may differ by
  std::chrono::seconds lease{120};                 ///< delivery lease
  std::chrono::seconds max_age{48 * 3600};  ///< older stories are stored, not sent; 0: no limit
};

/// Where a webhook's topic or rule glob is written, so that one matching no rule is
/// reported at its place.
struct FilterSite {
  std::size_t webhook = 0;  ///< index into Config::webhooks
  alert::FilterProblem::Kind kind = alert::FilterProblem::Kind::topic;
  std::size_t index = 0;  ///< into the webhook's topics or rule_globs
  util::Diagnostic where;
};

struct MetricsConfig {
  std::string listen;  ///< "127.0.0.1:9464"; empty = no metrics listener
};

struct Config {
  std::filesystem::path path;  ///< the file read; relative paths resolve against its folder
  /// An SQLite file, or a postgresql:// URL kept as written.
  std::filesystem::path database = "/var/lib/newsmon/newsmon.db";
  /// Where a PostgreSQL password comes from (env:NAME, file:PATH, credential:NAME); empty:
  /// from the URL or libpq's own PGPASSWORD and ~/.pgpass.
  std::string database_password;
  std::vector<std::filesystem::path> rules;
  /// `rules: {paths: [...], max_compiled: SIZE}`: the most memory compiling the rules may
  /// take (rules::LoadOptions). Default: 256 MiB.
  std::uint64_t rules_max_compiled = rules::k_default_max_compiled;
  std::vector<FeedConfig> feeds;
  std::vector<alert::Endpoint> webhooks;
  std::vector<FilterSite> filter_sites;
  HttpConfig http;
  ScheduleConfig schedule;
  AlertsConfig alerts;
  MetricsConfig metrics;
  web::WebConfig web;  ///< the console; off unless web.listen is given
  util::LogLevel log_level = util::LogLevel::info;
  /// `instance: NAME`: this daemon's id among those sharing the database, kept across
  /// restarts (a restart then takes its leases back at once). Empty: `host:pid:random`.
  std::string instance;
};

/// True for a usable `instance:` name: 1 to 100 of [A-Za-z0-9._:-].
bool valid_instance_name(std::string_view name);

struct ConfigResult {
  Config config;
  std::vector<util::Diagnostic> errors;  ///< every problem found; the config is unusable if any
};

/// Reads the configuration file and the feed lists it includes (YAML or OPML).
ConfigResult load_config(const std::filesystem::path& path);

/// How the configuration's rules are compiled: with its ceiling on compiled size.
rules::LoadOptions rule_load_options(const Config& config);

/// The webhook topics and rule globs that match no rule of `rules` (disabled ones count),
/// each at its place in the configuration with the closest name when one is near.
std::vector<util::Diagnostic> check_routing(const Config& config,
                                            const std::vector<rules::RuleSummary>& rules);

/// What a silence may name in this configuration with these rules (disabled ones count).
alert::SilenceNames silence_names(const Config& config,
                                  const std::vector<rules::RuleSummary>& rules);

}  // namespace newsmon::app
