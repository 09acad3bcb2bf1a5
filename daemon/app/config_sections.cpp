#include "daemon/app/config_sections.h"

#include <array>
#include <type_traits>

#include <fmt/format.h>

#include "daemon/util/text.h"
#include "daemon/util/url.h"
#include "daemon/util/yaml_reader.h"

namespace newsmon::app::detail {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;
using util::SingleValue;
using util::YamlMap;
using util::YamlReader;

constexpr std::array<std::string_view, 11> k_webhook_keys{
    "name",         "url",     "secret",         "format", "topics", "rules",
    "min_severity", "timeout", "max_per_second", "retry",  "digest"};
constexpr std::array<std::string_view, 11> k_http_keys{
    "user_agent",      "timeout",         "connect_timeout", "max_body",
    "max_connections", "per_host",        "max_redirects",   "low_speed_limit",
    "low_speed_time",  "allow_file_urls", "ca_file"};
constexpr std::array<std::string_view, 4> k_schedule_keys{"min_interval", "default_interval",
                                                          "max_interval", "max_backoff"};
constexpr std::array<std::string_view, 1> k_metrics_keys{"listen"};
constexpr std::array<std::string_view, 4> k_alerts_keys{"cluster_window", "similarity_bits",
                                                        "lease", "max_age"};
void read_secrets(YamlReader& reader, const YAML::Node& node, alert::Endpoint& endpoint) {
  for (auto& value :
       reader.strings(node, "secret", SingleValue::allowed).value_or(std::vector<std::string>{})) {
    if (value.starts_with("file:")) {
      value = "file:" + reader.resolve_path(value.substr(5)).string();
    }
    endpoint.secrets.push_back(std::move(value));
  }
}

void read_retry(YamlReader& reader, const YAML::Node& node, alert::Endpoint& endpoint) {
  if (!node.IsSequence() || node.size() == 0) {
    return reader.error(node,
                        "retry must be a list of delays, such as [5s, 5m, 30m, 2h, 5h, 10h, 10h]");
  }
  for (const auto& delay : node) {
    if (auto value = reader.duration(delay, "retry")) {
      endpoint.retry_schedule.push_back(duration_cast<seconds>(*value));
    }
  }
}

// A list of names (topics, rule globs), each remembered with its place.
void read_filter(YamlReader& reader, const YAML::Node& node, std::string_view key, FilterSite site,
                 std::vector<std::string>& target, std::vector<FilterSite>& sites) {
  const auto values = reader.texts(node, key, SingleValue::allowed);
  for (const auto& [text, value_node] : values.value_or(std::vector<util::YamlText>{})) {
    site.index = target.size();
    site.where = reader.at(value_node, "");
    sites.push_back(site);
    target.push_back(text);
  }
}

void read_digest(YamlReader& reader, const YAML::Node& node, alert::Endpoint& endpoint) {
  const auto value = reader.duration(node, "digest");
  if (!value) return;
  if (*value < std::chrono::minutes(1)) {
    return reader.error(node, "digest: a window is at least 1m, as in 1h");
  }
  endpoint.digest = duration_cast<seconds>(*value);
}

// The filters and delivery settings of a webhook, beside its name and url.
void read_webhook_options(YamlReader& reader, const YamlMap& keys, alert::Endpoint& endpoint,
                          FilterSite site, std::vector<FilterSite>& sites) {
  const auto filter = [&](std::string_view key, alert::FilterProblem::Kind kind,
                          std::vector<std::string>& target) {
    keys.with(key, [&](const YAML::Node& node) {
      site.kind = kind;
      read_filter(reader, node, key, site, target, sites);
    });
  };
  const auto choice = [&](std::string_view key, auto& target, const auto& names) {
    keys.with(key, [&](const YAML::Node& node) {
      if (auto value = reader.choice(node, key, names)) target = *value;
    });
  };
  keys.with("secret", [&](const YAML::Node& node) { read_secrets(reader, node, endpoint); });
  choice("format", endpoint.format, alert::k_format_names);
  filter("topics", alert::FilterProblem::Kind::topic, endpoint.topics);
  filter("rules", alert::FilterProblem::Kind::rule, endpoint.rule_globs);
  choice("min_severity", endpoint.min_severity, rules::k_severity_names);
  keys.with("timeout", [&](const YAML::Node& node) {
    if (auto value = reader.duration(node, "timeout")) endpoint.timeout = *value;
  });
  keys.with("max_per_second", [&](const YAML::Node& node) {
    if (auto value = reader.number(node, "max_per_second", 0)) endpoint.max_per_second = *value;
  });
  keys.with("retry", [&](const YAML::Node& node) { read_retry(reader, node, endpoint); });
  keys.with("digest", [&](const YAML::Node& node) { read_digest(reader, node, endpoint); });
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

// Reads each present key as a duration in seconds into its field.
void read_seconds(YamlReader& reader, const YamlMap& keys, std::string_view section,
                  std::initializer_list<std::pair<std::string_view, seconds*>> fields) {
  for (const auto& [key, target] : fields) {
    // Named copies: clang 14 does not let a lambda capture structured bindings.
    const std::string_view name = key;
    seconds* const field = target;
    keys.with(name, [&](const YAML::Node& value) {
      if (auto parsed = reader.duration(value, fmt::format("{}.{}", section, name))) {
        *field = duration_cast<seconds>(*parsed);
      }
    });
  }
}

}  // namespace

void read_http(YamlReader& reader, const YAML::Node& node, HttpConfig& http) {
  const auto keys = reader.map(node, "http", k_http_keys);
  if (!keys) return;
  const auto duration = [&](std::string_view key, auto& target) {
    keys->with(key, [&](const YAML::Node& value) {
      if (auto parsed = reader.duration(value, fmt::format("http.{}", key)))
        target = duration_cast<std::remove_reference_t<decltype(target)>>(*parsed);
    });
  };
  const auto size = [&](std::string_view key, std::uint64_t& target) {
    keys->with(key, [&](const YAML::Node& value) {
      if (auto parsed = reader.size(value, fmt::format("http.{}", key))) target = *parsed;
    });
  };
  const auto integer = [&](std::string_view key, std::int64_t min, std::int64_t max, auto& target) {
    keys->with(key, [&](const YAML::Node& value) {
      if (auto parsed = reader.integer(value, fmt::format("http.{}", key), min, max))
        target = static_cast<std::remove_reference_t<decltype(target)>>(*parsed);
    });
  };
  keys->with("user_agent", [&](const YAML::Node& value) {
    if (auto text = reader.string(value, "http.user_agent")) http.user_agent = *text;
  });
  duration("timeout", http.timeout);
  duration("connect_timeout", http.connect_timeout);
  size("max_body", http.max_body);
  integer("max_connections", 1, 10000, http.max_connections);
  integer("per_host", 1, 100, http.per_host);
  integer("max_redirects", 0, 20, http.max_redirects);
  size("low_speed_limit", http.low_speed_limit);
  duration("low_speed_time", http.low_speed_time);
  keys->with("allow_file_urls", [&](const YAML::Node& value) {
    if (auto allowed = reader.boolean(value, "http.allow_file_urls")) {
      http.allow_file_urls = *allowed;
    }
  });
  keys->with("ca_file", [&](const YAML::Node& value) { read_ca_file(reader, value, http); });
}

void read_schedule(YamlReader& reader, const YAML::Node& node, ScheduleConfig& schedule) {
  const auto keys = reader.map(node, "schedule", k_schedule_keys);
  if (!keys) return;
  read_seconds(reader, *keys, "schedule",
               {{"min_interval", &schedule.min_interval},
                {"default_interval", &schedule.default_interval},
                {"max_interval", &schedule.max_interval},
                {"max_backoff", &schedule.max_backoff}});
  if (schedule.min_interval > schedule.max_interval) {
    reader.error(node, "schedule: min_interval is longer than max_interval");
  } else if (schedule.default_interval < schedule.min_interval ||
             schedule.default_interval > schedule.max_interval) {
    reader.error(node, "schedule: default_interval must lie between min_interval and max_interval");
  }
}

void read_alerts(YamlReader& reader, const YAML::Node& node, AlertsConfig& alerts) {
  const auto keys = reader.map(node, "alerts", k_alerts_keys);
  if (!keys) return;
  read_seconds(reader, *keys, "alerts",
               {{"cluster_window", &alerts.cluster_window},
                {"lease", &alerts.lease},
                {"max_age", &alerts.max_age}});
  alerts.lease = std::max(alerts.lease, seconds(10));
  keys->with("similarity_bits", [&](const YAML::Node& value) {
    if (auto bits = reader.integer(value, "alerts.similarity_bits", 0, 32)) {
      alerts.similarity_bits = static_cast<int>(*bits);
    }
  });
}

void read_metrics(YamlReader& reader, const YAML::Node& node, MetricsConfig& metrics) {
  const auto keys = reader.map(node, "metrics", k_metrics_keys);
  if (!keys) return;
  keys->with("listen", [&](const YAML::Node& listen) {
    if (auto text = reader.string(listen, "metrics.listen")) metrics.listen = *text;
  });
}

std::optional<alert::Endpoint> read_webhook(YamlReader& reader, const YAML::Node& node,
                                            const std::vector<alert::Endpoint>& earlier,
                                            std::vector<FilterSite>& sites) {
  const auto keys = reader.map(node, "a webhook", k_webhook_keys);
  if (!keys) return std::nullopt;
  alert::Endpoint endpoint;
  const auto* url_node = keys->find("url");
  if (auto url = url_node ? reader.string(*url_node, "url") : std::nullopt) {
    endpoint.url = *url;
    const auto scheme = util::url_scheme(*url);
    if (scheme != "http" && scheme != "https") {
      // Never the URL itself, not even redacted: a malformed one may hide its password
      // where no parser finds it, and this message goes to the logs.
      auto diagnostic = reader.at(
          *url_node, scheme.empty() ? "webhook url is not a valid URL: write it as "
                                      "https://host/path (the value is not shown: webhook URLs "
                                      "often hold a token)"
                                    : fmt::format("webhook url has the scheme '{}': use an "
                                                  "http:// or https:// URL",
                                                  scheme));
      diagnostic.source_line.clear();
      reader.report(std::move(diagnostic));
    }
  } else if (!url_node) {
    reader.error(node, "a webhook needs a `url:`");
  }
  const auto* name_node = keys->find("name");
  if (auto name = name_node ? reader.string(*name_node, "name") : std::nullopt) {
    endpoint.name = *name;
    for (const auto& other : earlier) {
      if (other.name == endpoint.name) {
        reader.error(*name_node, fmt::format("webhook name '{}' is used twice", endpoint.name));
      }
    }
  } else if (!name_node) {
    reader.error(node, "a webhook needs a `name:` (deliveries are recorded under it)");
  }
  FilterSite site;
  site.webhook = earlier.size();
  read_webhook_options(reader, *keys, endpoint, site, sites);
  return endpoint;
}

}  // namespace newsmon::app::detail
