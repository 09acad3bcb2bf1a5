#pragma once
// Internal to daemon/app: readers of the configuration's sections (http, schedule,
// alerts, metrics, webhooks). Each records its mistakes in the reader and leaves a field
// it could not read at its default.

#include <optional>
#include <vector>

#include "daemon/app/config.h"

namespace YAML {
class Node;
}
namespace newsmon::util {
class YamlReader;
}

namespace newsmon::app::detail {

void read_http(util::YamlReader& reader, const YAML::Node& node, HttpConfig& http);
void read_schedule(util::YamlReader& reader, const YAML::Node& node, ScheduleConfig& schedule);
void read_alerts(util::YamlReader& reader, const YAML::Node& node, AlertsConfig& alerts);
void read_metrics(util::YamlReader& reader, const YAML::Node& node, MetricsConfig& metrics);
/// `web:` (config_web.cpp); a non-loopback listen address without auth is an error.
void read_web(util::YamlReader& reader, const YAML::Node& node, web::WebConfig& config);
/// One endpoint of `webhooks:`; nullopt when the entry is no mapping. `earlier` are the
/// endpoints read before it, whose names it may not repeat. Where each of its topics and
/// rule globs is written is appended to `sites`.
std::optional<alert::Endpoint> read_webhook(util::YamlReader& reader, const YAML::Node& node,
                                            const std::vector<alert::Endpoint>& earlier,
                                            std::vector<FilterSite>& sites);

}  // namespace newsmon::app::detail
