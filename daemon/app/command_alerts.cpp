// `newsmon alerts [--since 24h] [--rule ID] [--topic T] [--json]`: the alerts raised, the
// other outlets that reported each story, and where each delivery stands.

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "alerts";
constexpr std::size_t k_limit = 1000;

struct AlertsOptions {
  ConfigFile config;
  DurationArgument since{"24h"};
  std::string rule;   ///< only this rule id; empty: every rule
  std::string topic;  ///< only this topic; empty: every topic
  bool json = false;
};

// "2023-01-30 09:12Z": short, sortable, unambiguous.
std::string short_time(store::Epoch at) {
  std::string text = util::format_rfc3339(at);
  text[10] = ' ';
  return text.substr(0, 16) + "Z";
}

std::string attempts_text(int attempts) {
  return fmt::format("{} attempt{}", attempts, attempts == 1 ? "" : "s");
}

std::string delivery_text(const store::DeliveryStatus& delivery) {
  std::string text = fmt::format("{} {}", delivery.endpoint, delivery_state_name(delivery.state));
  std::vector<std::string> details;
  if (delivery.attempts > 0) details.push_back(attempts_text(delivery.attempts));
  // A failed attempt's error already names the HTTP status when there was one.
  if (!delivery.last_error.empty() && delivery.state != store::DeliveryState::delivered) {
    details.push_back(delivery.last_error);
  } else if (delivery.last_http_status != 0) {
    details.push_back(fmt::format("HTTP {}", delivery.last_http_status));
  }
  if (delivery.state == store::DeliveryState::pending) {
    details.push_back("next " + short_time(delivery.next_attempt_at));
  }
  if (!details.empty()) text += " (" + util::join(details, ", ") + ")";
  return text;
}

void print_alert(const store::AlertRow& row) {
  const auto& alert = row.alert;
  const auto& match = alert.match;
  fmt::print("{}  [{}] {}  {}\n", short_time(alert.raised_at), rules::severity_name(match.severity),
             match.rule_id, alert.title);
  fmt::print("    {}  ({})\n", alert.link.empty() ? "(no link)" : alert.link,
             alert::text::feed_name(alert));
  std::string facts = "topics: " + alert::text::comma_list(match.topics);
  if (const auto terms = alert::text::hit_terms(match); !terms.empty()) {
    facts += " · hits: " + alert::text::comma_list(terms);
  }
  fmt::print("    {}\n", facts);
  for (const auto& event : match.events) {
    fmt::print("    event: {}\n", rules::event_line(event));
  }
  if (!alert.also_reported_by.empty()) {
    std::vector<std::string> sources;
    for (const auto& report : alert.also_reported_by) {
      sources.push_back(fmt::format("{} ({})", alert::text::report_source(report), report.link));
    }
    fmt::print("    also reported by: {}\n", util::join(sources, "; "));
  }
  if (row.deliveries.empty()) {
    fmt::print("    deliveries: none (no webhook wanted it)\n");
  }
  for (const auto& delivery : row.deliveries) {
    fmt::print("    delivery: {}\n", delivery_text(delivery));
  }
}

nlohmann::ordered_json delivery_json(const store::DeliveryStatus& delivery) {
  const auto time_or_null = [](store::Epoch at) {
    return at == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(util::format_rfc3339(at));
  };
  return {{"endpoint", delivery.endpoint},
          {"webhook_id", delivery.webhook_id},
          {"state", delivery_state_name(delivery.state)},
          {"attempts", delivery.attempts},
          {"last_http_status", delivery.last_http_status},
          {"last_error", delivery.last_error},
          {"next_attempt_at", delivery.state == store::DeliveryState::pending
                                  ? time_or_null(delivery.next_attempt_at)
                                  : nlohmann::ordered_json()},
          {"last_attempt_at", time_or_null(delivery.last_attempt_at)},
          {"finished_at", time_or_null(delivery.finished_at)}};
}

// The data of the webhook payload (one shape for both), with the delivery states added.
void print_alert_json(const store::AlertRow& row) {
  auto line = alert::json_payload(row.alert)["data"];
  line["raised_at"] = util::format_rfc3339(row.alert.raised_at);
  auto deliveries = nlohmann::ordered_json::array();
  for (const auto& delivery : row.deliveries) deliveries.push_back(delivery_json(delivery));
  line["deliveries"] = std::move(deliveries);
  fmt::print("{}\n", line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

int run_alerts(const AlertsOptions& options) {
  const auto config = load_config_or_report(options.config);
  if (!config) return 1;
  store::SqliteOptions access;
  access.access = store::Access::read_only;
  auto store = store::open_sqlite_store(config->database, access);
  if (!store) {
    print_stderr(k_name, store.error().message);
    return 1;
  }
  const store::Epoch now = util::to_epoch_seconds(util::SystemClock().now());
  store::AlertQuery query;
  query.since = now - std::chrono::duration_cast<std::chrono::seconds>(options.since.value).count();
  query.rule = options.rule;
  query.topic = options.topic;
  query.limit = k_limit;
  auto rows = (*store)->alerts(query);
  if (!rows) {
    print_stderr(k_name, rows.error().message);
    return 1;
  }
  for (const auto& row : *rows) {
    if (options.json) {
      print_alert_json(row);
    } else {
      print_alert(row);
    }
  }
  if (!options.json) {
    if (rows->empty()) {
      fmt::print("no alerts in the last {}\n", options.since.text);
    } else if (rows->size() == k_limit) {
      fmt::print("(the latest {} alerts; narrow --since, --rule or --topic to see others)\n",
                 k_limit);
    }
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

Command add_alerts_command(CLI::App& cli) {
  auto options = std::make_shared<AlertsOptions>();
  auto* command = cli.add_subcommand(k_name, "list stored alerts and their deliveries");
  add_config_option(*command, options->config);
  add_duration_option(*command, "--since", options->since, "how far back");
  command->add_option("--rule", options->rule, "only this rule id")->type_name("ID");
  command->add_option("--topic", options->topic, "only this topic")->type_name("TOPIC");
  command->add_flag("--json", options->json, "one JSON object per line");
  return {command, [options] { return run_alerts(*options); }};
}

}  // namespace newsmon::app
