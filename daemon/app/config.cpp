#include "daemon/app/config.h"

#include <map>
#include <type_traits>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/app/opml.h"
#include "daemon/app/yaml_reader.h"
#include "daemon/util/text.h"
#include "daemon/util/url.h"

namespace newsmon::app {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

constexpr int k_max_include_depth = 4;

// Reads the configuration and the feed lists it includes into one Config.
class ConfigLoader {
 public:
  explicit ConfigLoader(Config& config) : m_config(config) {}

  void load_main(const std::filesystem::path& path);
  std::vector<util::Diagnostic> take_errors() { return std::move(m_errors); }

 private:
  void read_top(YamlReader& reader, const YAML::Node& root);
  void read_feeds(YamlReader& reader, const YAML::Node& list, int depth);
  void read_feed(YamlReader& reader, const YAML::Node& node, int depth);
  void read_include(YamlReader& reader, const YAML::Node& node, int depth);
  void read_opml_include(YamlReader& reader, const YAML::Node& node,
                         const std::filesystem::path& path);
  void read_webhook(YamlReader& reader, const YAML::Node& node);
  void read_http(YamlReader& reader, const YAML::Node& node);
  void read_schedule(YamlReader& reader, const YAML::Node& node);
  void read_alerts(YamlReader& reader, const YAML::Node& node);
  void check_feed_urls();
  std::string resolve_feed_url(YamlReader& reader, const YAML::Node& node, const std::string& url);

  Config& m_config;
  std::vector<util::Diagnostic> m_errors;
  std::vector<std::pair<util::Diagnostic, bool>> m_file_url_sites;  // where file: URLs were used
};

std::optional<std::string> read_text(const std::filesystem::path& path,
                                     std::vector<util::Diagnostic>& errors) {
  auto text = util::read_file(path);
  if (!text) {
    errors.push_back(
        {path, 0, 0, text.error().message + ": check the path and its permissions", {}});
    return std::nullopt;
  }
  return std::move(*text);
}

void ConfigLoader::load_main(const std::filesystem::path& path) {
  m_config.path = path;
  auto text = read_text(path, m_errors);
  if (!text) return;
  YamlReader reader(path, *text);
  if (auto root = parse_yaml(reader, *text)) {
    if (root->IsNull()) {
      reader.error_at(
          1, 1,
          "the configuration file is empty: it needs at least `database`, `rules` and `feeds`");
    } else {
      read_top(reader, *root);
    }
  }
  for (auto& diagnostic : reader.diagnostics()) m_errors.push_back(std::move(diagnostic));
  check_feed_urls();
}

void ConfigLoader::read_top(YamlReader& reader, const YAML::Node& root) {
  if (!reader.expect_map(root, "the configuration",
                         {"database", "rules", "feeds", "webhooks", "http", "schedule", "alerts",
                          "metrics", "log_level", "allow_file_urls"})) {
    if (!root.IsMap()) return;
  }
  if (const auto node = root["database"]) {
    if (auto text = reader.string(node, "database")) {
      m_config.database =
          *text == ":memory:" ? std::filesystem::path(*text) : reader.resolve_path(*text);
    }
  } else {
    m_config.database = reader.resolve_path("newsmon.db");
  }
  if (const auto node = root["rules"]) {
    if (auto paths = reader.string_list(node, "rules")) {
      for (const auto& path : *paths) m_config.rules.push_back(reader.resolve_path(path));
    }
  } else {
    reader.error_at(1, 1, "no `rules:` given: list the rule files or folders to load");
  }
  if (const auto node = root["http"]) read_http(reader, node);
  if (const auto node = root["allow_file_urls"]) {
    if (auto value = reader.boolean(node, "allow_file_urls"))
      m_config.http.allow_file_urls = *value;
  }
  if (const auto node = root["feeds"]) read_feeds(reader, node, 0);
  if (const auto node = root["webhooks"]) {
    if (!node.IsSequence()) {
      reader.error(node,
                   "webhooks must be a list of endpoints, each with at least `name` and `url`");
    } else {
      for (const auto& element : node) read_webhook(reader, element);
    }
  }
  if (const auto node = root["schedule"]) read_schedule(reader, node);
  if (const auto node = root["alerts"]) read_alerts(reader, node);
  if (const auto node = root["metrics"]) {
    if (reader.expect_map(node, "metrics", {"listen"}) && node["listen"]) {
      if (auto text = reader.string(node["listen"], "metrics.listen"))
        m_config.metrics.listen = *text;
    }
  }
  if (const auto node = root["log_level"]) {
    if (auto text = reader.string(node, "log_level")) {
      auto level = util::parse_log_level(*text);
      if (level)
        m_config.log_level = *level;
      else
        reader.error(node, level.error().message);
    }
  }
}

void ConfigLoader::read_feeds(YamlReader& reader, const YAML::Node& list, int depth) {
  if (!list.IsSequence()) {
    reader.error(list, "feeds must be a list: `- url: https://...` or `- include: FILE`");
    return;
  }
  for (const auto& element : list) {
    if (element.IsMap() && element["include"]) {
      read_include(reader, element, depth);
    } else {
      read_feed(reader, element, depth);
    }
  }
}

void ConfigLoader::read_feed(YamlReader& reader, const YAML::Node& node, int) {
  if (node.IsScalar()) {  // a bare URL
    FeedConfig feed;
    feed.url = resolve_feed_url(reader, node, node.Scalar());
    feed.source = reader.file();
    feed.line = node.Mark().line + 1;
    m_config.feeds.push_back(std::move(feed));
    return;
  }
  if (!reader.expect_map(node, "a feed", {"url", "every", "tags", "title"}) && !node.IsMap())
    return;
  FeedConfig feed;
  feed.source = reader.file();
  feed.line = node.Mark().line + 1;
  if (!node["url"]) {
    reader.error(node, "a feed needs a `url:`");
    return;
  }
  auto url = reader.string(node["url"], "url");
  if (!url) return;
  feed.url = resolve_feed_url(reader, node["url"], *url);
  if (const auto every = node["every"]) {
    if (auto value = reader.duration(every, "every")) {
      if (*value < std::chrono::seconds(1)) {
        reader.error(every, "every: a feed is polled at most once a second");
      } else {
        feed.every = duration_cast<seconds>(*value);
      }
    }
  }
  if (const auto tags = node["tags"]) {
    if (auto values = reader.string_list(tags, "tags")) feed.tags = std::move(*values);
  }
  if (const auto title = node["title"]) {
    if (auto text = reader.string(title, "title")) feed.title = *text;
  }
  m_config.feeds.push_back(std::move(feed));
}

void ConfigLoader::read_include(YamlReader& reader, const YAML::Node& node, int depth) {
  if (!reader.expect_map(node, "an include", {"include"})) return;
  auto path_text = reader.string(node["include"], "include");
  if (!path_text) return;
  const auto path = reader.resolve_path(*path_text);
  if (depth >= k_max_include_depth) {
    reader.error(node["include"],
                 fmt::format("includes nest deeper than {} levels", k_max_include_depth));
    return;
  }
  if (util::to_lower_ascii(path.extension().string()) == ".opml") {
    read_opml_include(reader, node["include"], path);
    return;
  }
  std::vector<util::Diagnostic> errors;
  auto text = read_text(path, errors);
  if (!text) {
    reader.error(node["include"], errors.front().message);
    return;
  }
  YamlReader included(path, *text);
  if (auto root = parse_yaml(included, *text)) {
    if (root->IsMap() && (*root)["feeds"]) {
      if (included.expect_map(*root, "a feed list", {"feeds"}))
        read_feeds(included, (*root)["feeds"], depth + 1);
    } else if (!root->IsNull()) {
      read_feeds(included, *root, depth + 1);
    }
  }
  for (auto& diagnostic : included.diagnostics()) m_errors.push_back(std::move(diagnostic));
}

void ConfigLoader::read_opml_include(YamlReader& reader, const YAML::Node& node,
                                     const std::filesystem::path& path) {
  auto document = read_opml_file(path);
  if (!document) {
    reader.error(node, document.error().message);
    return;
  }
  for (const auto& warning : document->warnings) spdlog::warn("{}", warning);
  for (auto& outline : document->feeds) {
    const auto scheme = util::url_scheme(outline.url);
    if (scheme != "http" && scheme != "https") {
      m_errors.push_back({path,
                          outline.line,
                          0,
                          fmt::format("'{}' is not an http:// or https:// URL", outline.url),
                          {}});
      continue;
    }
    FeedConfig feed;
    feed.url = std::move(outline.url);
    feed.title = std::move(outline.title);
    feed.tags = std::move(outline.categories);
    feed.source = path;
    feed.line = outline.line;
    m_config.feeds.push_back(std::move(feed));
  }
}

std::string ConfigLoader::resolve_feed_url(YamlReader& reader, const YAML::Node& node,
                                           const std::string& url) {
  const std::string scheme = util::url_scheme(url);
  if (util::starts_with(url, "file:") && !util::starts_with(url, "file://")) {
    // "file:demo/world.xml" names a file beside the configuration.
    m_file_url_sites.push_back(
        {{reader.file(), node.Mark().line + 1, node.Mark().column + 1, {}, {}}, true});
    return "file://" + reader.resolve_path(url.substr(5)).string();
  }
  if (scheme == "file") {
    m_file_url_sites.push_back(
        {{reader.file(), node.Mark().line + 1, node.Mark().column + 1, {}, {}}, true});
    return url;
  }
  if (scheme != "http" && scheme != "https") {
    reader.error(node, fmt::format("'{}' is not an http:// or https:// URL", url));
  }
  return url;
}

void ConfigLoader::check_feed_urls() {
  if (!m_config.http.allow_file_urls) {
    for (auto& [site, unused] : m_file_url_sites) {
      site.message =
          "file:// feeds are only read when the configuration says `allow_file_urls: true`";
      m_errors.push_back(site);
    }
  }
  std::map<std::string, const FeedConfig*> seen;
  for (const auto& feed : m_config.feeds) {
    auto [it, inserted] = seen.emplace(feed.url, &feed);
    if (!inserted) {
      m_errors.push_back({feed.source,
                          feed.line,
                          0,
                          fmt::format("feed {} is listed twice (first in {}:{}); remove one",
                                      feed.url, it->second->source.string(), it->second->line),
                          {}});
    }
  }
}

void ConfigLoader::read_webhook(YamlReader& reader, const YAML::Node& node) {
  if (!reader.expect_map(node, "a webhook",
                         {"name", "url", "secret", "format", "topics", "rules", "min_severity",
                          "timeout", "max_per_second", "retry"}) &&
      !node.IsMap()) {
    return;
  }
  alert::Endpoint endpoint;
  if (auto url = node["url"] ? reader.string(node["url"], "url") : std::nullopt) {
    endpoint.url = *url;
    const auto scheme = util::url_scheme(*url);
    if (scheme != "http" && scheme != "https") {
      reader.error(node["url"],
                   fmt::format("webhook url '{}' is not an http:// or https:// URL", *url));
    }
  } else {
    reader.error(node, "a webhook needs a `url:`");
  }
  if (auto name = node["name"] ? reader.string(node["name"], "name") : std::nullopt) {
    endpoint.name = *name;
  } else {
    reader.error(node, "a webhook needs a `name:` (deliveries are recorded under it)");
  }
  for (const auto& other : m_config.webhooks) {
    if (!endpoint.name.empty() && other.name == endpoint.name) {
      reader.error(node["name"], fmt::format("webhook name '{}' is used twice", endpoint.name));
    }
  }
  if (const auto secret = node["secret"]) {
    if (auto values = reader.string_list(secret, "secret")) {
      for (auto& value : *values) {
        if (util::starts_with(value, "file:"))
          value = "file:" + reader.resolve_path(value.substr(5)).string();
        endpoint.secrets.push_back(std::move(value));
      }
    }
  }
  if (const auto format = node["format"]) {
    if (auto text = reader.string(format, "format")) {
      if (*text == "json")
        endpoint.format = alert::Format::json;
      else if (*text == "slack")
        endpoint.format = alert::Format::slack;
      else if (*text == "discord")
        endpoint.format = alert::Format::discord;
      else if (*text == "teams")
        endpoint.format = alert::Format::teams;
      else
        reader.error(format,
                     fmt::format("unknown format '{}': use json, slack, discord or teams", *text));
    }
  }
  if (const auto topics = node["topics"]) {
    if (auto values = reader.string_list(topics, "topics")) endpoint.topics = std::move(*values);
  }
  if (const auto globs = node["rules"]) {
    if (auto values = reader.string_list(globs, "rules")) endpoint.rule_globs = std::move(*values);
  }
  if (const auto severity = node["min_severity"]) {
    if (auto text = reader.string(severity, "min_severity")) {
      auto value = rules::parse_severity(*text);
      if (value)
        endpoint.min_severity = *value;
      else
        reader.error(severity, value.error().message);
    }
  }
  if (const auto timeout = node["timeout"]) {
    if (auto value = reader.duration(timeout, "timeout")) endpoint.timeout = *value;
  }
  if (const auto rate = node["max_per_second"]) {
    double value = 0;
    if (!rate.IsScalar() || !YAML::convert<double>::decode(rate, value) || value < 0) {
      reader.error(rate,
                   "max_per_second must be a number of messages per second, such as 1 or 0.5");
    } else {
      endpoint.max_per_second = value;
    }
  }
  if (const auto retry = node["retry"]) {
    if (!retry.IsSequence() || retry.size() == 0) {
      reader.error(retry,
                   "retry must be a list of delays, such as [5s, 5m, 30m, 2h, 5h, 10h, 10h]");
    } else {
      for (const auto& delay : retry) {
        if (auto value = reader.duration(delay, "retry")) {
          endpoint.retry_schedule.push_back(duration_cast<seconds>(*value));
        }
      }
    }
  }
  m_config.webhooks.push_back(std::move(endpoint));
}

// curl reads the bundle at each TLS handshake: a mistake is caught here, not by each poll.
void read_ca_file(YamlReader& reader, const YAML::Node& node, HttpConfig& http) {
  auto text = reader.string(node, "http.ca_file");
  if (!text) return;
  const auto path = reader.resolve_path(*text);
  auto pem = util::read_file(path);  // a folder reads as empty
  if (!pem) {
    reader.error(node, fmt::format("http.ca_file: {}; check the path and its permissions",
                                   pem.error().message));
  } else if (pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    reader.error(node, fmt::format("http.ca_file: {} holds no PEM certificate "
                                   "(-----BEGIN CERTIFICATE-----)",
                                   path.string()));
  } else {
    http.ca_file = path;
  }
}

void ConfigLoader::read_http(YamlReader& reader, const YAML::Node& node) {
  if (!reader.expect_map(
          node, "http",
          {"user_agent", "timeout", "connect_timeout", "max_body", "max_connections", "per_host",
           "max_redirects", "low_speed_limit", "low_speed_time", "allow_file_urls", "ca_file"}) &&
      !node.IsMap()) {
    return;
  }
  auto& http = m_config.http;
  if (node["user_agent"]) {
    if (auto text = reader.string(node["user_agent"], "http.user_agent")) http.user_agent = *text;
  }
  const auto duration = [&](const char* key, auto& target) {
    if (!node[key]) return;
    if (auto value = reader.duration(node[key], fmt::format("http.{}", key)))
      target = duration_cast<std::remove_reference_t<decltype(target)>>(*value);
  };
  const auto size = [&](const char* key, std::uint64_t& target) {
    if (!node[key]) return;
    if (auto value = reader.size(node[key], fmt::format("http.{}", key))) target = *value;
  };
  const auto integer = [&](const char* key, std::int64_t min, std::int64_t max, auto& target) {
    if (!node[key]) return;
    if (auto value = reader.integer(node[key], fmt::format("http.{}", key), min, max))
      target = static_cast<std::remove_reference_t<decltype(target)>>(*value);
  };
  duration("timeout", http.timeout);
  duration("connect_timeout", http.connect_timeout);
  size("max_body", http.max_body);
  integer("max_connections", 1, 10000, http.max_connections);
  integer("per_host", 1, 100, http.per_host);
  integer("max_redirects", 0, 20, http.max_redirects);
  size("low_speed_limit", http.low_speed_limit);
  duration("low_speed_time", http.low_speed_time);
  if (node["allow_file_urls"]) {
    if (auto value = reader.boolean(node["allow_file_urls"], "http.allow_file_urls"))
      http.allow_file_urls = *value;
  }
  if (node["ca_file"]) read_ca_file(reader, node["ca_file"], http);
}

void ConfigLoader::read_schedule(YamlReader& reader, const YAML::Node& node) {
  if (!reader.expect_map(node, "schedule",
                         {"min_interval", "default_interval", "max_interval", "max_backoff"}) &&
      !node.IsMap()) {
    return;
  }
  auto& schedule = m_config.schedule;
  const auto read = [&](const char* key, seconds& target) {
    if (!node[key]) return;
    if (auto value = reader.duration(node[key], fmt::format("schedule.{}", key))) {
      target = duration_cast<seconds>(*value);
    }
  };
  read("min_interval", schedule.min_interval);
  read("default_interval", schedule.default_interval);
  read("max_interval", schedule.max_interval);
  read("max_backoff", schedule.max_backoff);
  if (schedule.min_interval > schedule.max_interval) {
    reader.error(node, "schedule: min_interval is longer than max_interval");
  } else if (schedule.default_interval < schedule.min_interval ||
             schedule.default_interval > schedule.max_interval) {
    reader.error(node, "schedule: default_interval must lie between min_interval and max_interval");
  }
}

void ConfigLoader::read_alerts(YamlReader& reader, const YAML::Node& node) {
  if (!reader.expect_map(node, "alerts", {"cluster_window", "similarity_bits", "lease"}) &&
      !node.IsMap()) {
    return;
  }
  auto& alerts = m_config.alerts;
  if (node["cluster_window"]) {
    if (auto value = reader.duration(node["cluster_window"], "alerts.cluster_window")) {
      alerts.cluster_window = duration_cast<seconds>(*value);
    }
  }
  if (node["similarity_bits"]) {
    if (auto value = reader.integer(node["similarity_bits"], "alerts.similarity_bits", 0, 32)) {
      alerts.similarity_bits = static_cast<int>(*value);
    }
  }
  if (node["lease"]) {
    if (auto value = reader.duration(node["lease"], "alerts.lease")) {
      alerts.lease = std::max(duration_cast<seconds>(*value), seconds(10));
    }
  }
}

}  // namespace

ConfigResult load_config(const std::filesystem::path& path) {
  ConfigResult result;
  ConfigLoader loader(result.config);
  loader.load_main(std::filesystem::absolute(path).lexically_normal());
  result.errors = loader.take_errors();
  return result;
}

}  // namespace newsmon::app
