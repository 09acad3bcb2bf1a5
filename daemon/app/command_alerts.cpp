// `newsmon alerts [--since 24h] [--rule ID] [--topic T] [--json]`: the alerts raised, the
// other outlets that reported each story, and where each message to each webhook stands,
// with the reason when one was not sent.

#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/message.h"
#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/alert/routing.h"
#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/store_access.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/duration.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

namespace text = alert::text;
using json = nlohmann::ordered_json;

constexpr const char* k_name = "alerts";
constexpr std::size_t k_limit = 1000;

struct AlertsOptions {
  ConfigFile config;
  DurationArgument since{"24h"};
  std::string rule;   ///< only this rule id; empty: every rule
  std::string topic;  ///< only this topic; empty: every topic
  bool json = false;
};

/// What the output needs besides the rows: why held messages were held.
struct Reasons {
  std::chrono::seconds max_age{0};
  std::map<std::int64_t, store::Silence> silences;
};

std::string attempts_text(int attempts) {
  return fmt::format("{} attempt{}", attempts, attempts == 1 ? "" : "s");
}

std::string held_text(const store::DeliveryStatus& delivery, const store::Alert& alert,
                      const Reasons& reasons) {
  if (delivery.hold == store::HoldReason::backlog) {
    const auto& published = alert.story.published;
    return fmt::format(
        "{} {}, older than alerts.max_age ({})", published.has_value() ? "published" : "first seen",
        text::short_time(published.has_value() ? published.epoch_seconds : alert.story.first_seen),
        util::format_duration(reasons.max_age));
  }
  if (!delivery.silence_id) return "silenced";
  std::string line = fmt::format("silenced by silence {}", *delivery.silence_id);
  const auto found = reasons.silences.find(*delivery.silence_id);
  if (found != reasons.silences.end() && !found->second.comment.empty()) {
    line += fmt::format(" (\"{}\")", found->second.comment);
  }
  return line;
}

std::string delivery_text(const store::DeliveryStatus& delivery) {
  std::string text = delivery.endpoint;
  if (delivery.sequence > 0) text += fmt::format(" follow-up {}", delivery.sequence);
  text += fmt::format(" {}", delivery_state_name(delivery.state));
  std::vector<std::string> details;
  if (delivery.digest_window)
    details.push_back("digest of " + text::short_time(*delivery.digest_window));
  if (delivery.attempts > 0) details.push_back(attempts_text(delivery.attempts));
  // A failed attempt's error already names the HTTP status when there was one.
  if (!delivery.last_error.empty() && delivery.state != store::DeliveryState::delivered) {
    details.push_back(delivery.last_error);
  } else if (delivery.last_http_status != 0) {
    details.push_back(fmt::format("HTTP {}", delivery.last_http_status));
  }
  if (delivery.state == store::DeliveryState::pending) {
    details.push_back("next " + text::short_time(delivery.next_attempt_at));
  }
  if (!details.empty()) text += " (" + util::join(details, ", ") + ")";
  return text;
}

void print_deliveries(const store::AlertRow& row, const Reasons& reasons) {
  if (row.deliveries.empty()) fmt::print("    deliveries: none (no webhook wanted it)\n");
  for (const auto& delivery : row.deliveries) {
    if (delivery.state == store::DeliveryState::held) {
      fmt::print("    not sent to {}: {}\n", delivery.endpoint,
                 held_text(delivery, row.alert, reasons));
    } else {
      fmt::print("    delivery: {}\n", delivery_text(delivery));
    }
  }
}

void print_alert(const store::AlertRow& row, const Reasons& reasons) {
  const auto& alert = row.alert;
  const auto view = alert::view_of(alert);
  fmt::print("{}  [{}] {}\n", text::short_time(alert.raised_at),
             rules::severity_name(view.severity), alert.story.title);
  fmt::print("    {}  ({})\n", alert.story.link.empty() ? "(no link)" : alert.story.link,
             text::feed_name(alert.story));
  std::vector<std::string> rules;
  for (const auto& rule : view.rules) {
    rules.push_back(fmt::format("{} ({})", rule.id, rules::severity_name(rule.severity)));
  }
  fmt::print("    rules: {}\n", text::comma_list(rules));
  std::string facts = "topics: " + text::comma_list(view.topics);
  if (const auto terms = text::hit_terms(view.hits); !terms.empty()) {
    facts += " · hits: " + text::comma_list(terms);
  }
  fmt::print("    {}\n", facts);
  if (!alert.snippet.text.empty()) {
    fmt::print(
        "    “{}”\n",
        text::marked_snippet(
            alert.snippet, [](std::string_view part) { return std::string(part); }, "[", "]"));
  }
  for (const auto& event : view.events) fmt::print("    event: {}\n", rules::event_line(event));
  if (!alert.also_reported_by.empty()) {
    std::vector<std::string> sources;
    for (const auto& report : alert.also_reported_by) {
      sources.push_back(fmt::format("{} ({})", text::report_source(report), report.link));
    }
    fmt::print("    also reported by: {}\n", util::join(sources, "; "));
  }
  print_deliveries(row, reasons);
}

json time_or_null(store::Epoch at) {
  return at == 0 ? json() : json(util::format_rfc3339(at));
}

json delivery_json(const store::DeliveryStatus& delivery) {
  const bool pending = delivery.state == store::DeliveryState::pending;
  return {{"endpoint", delivery.endpoint},
          {"webhook_id", delivery.webhook_id},
          {"sequence", delivery.sequence},
          {"state", delivery_state_name(delivery.state)},
          {"held_because",
           delivery.hold ? json(store::k_hold_reason_names.name_of(*delivery.hold)) : json()},
          {"silence", delivery.silence_id ? json(*delivery.silence_id) : json()},
          {"digest_window_end",
           delivery.digest_window ? time_or_null(*delivery.digest_window) : json()},
          {"topics", delivery.notice.topics},
          {"rules", delivery.notice.rules},
          {"attempts", delivery.attempts},
          {"last_http_status", delivery.last_http_status},
          {"last_error", delivery.last_error},
          {"next_attempt_at", pending ? time_or_null(delivery.next_attempt_at) : json()},
          {"last_attempt_at", time_or_null(delivery.last_attempt_at)},
          {"finished_at", time_or_null(delivery.finished_at)}};
}

// The data of the json payload (one shape for both), with the alert's id, time and the
// state of each message added.
void print_alert_json(const store::AlertRow& row) {
  json line = {{"id", row.alert.id}, {"raised_at", util::format_rfc3339(row.alert.raised_at)}};
  line.update(alert::alert_data(row.alert));
  auto deliveries = json::array();
  for (const auto& delivery : row.deliveries) deliveries.push_back(delivery_json(delivery));
  line["deliveries"] = std::move(deliveries);
  fmt::print("{}\n", line.dump(-1, ' ', false, json::error_handler_t::replace));
}

// The rule ids and topics a filter may name: the rules loaded now (disabled ones too)
// and whatever the stored alerts carry.
struct Known {
  std::vector<std::string> rules;
  std::vector<std::string> topics;
};

Known known_names(const Config& config, store::Store& store) {
  std::set<std::string> rules;
  std::set<std::string> topics;
  for (const auto& rule : rules::load_rules(config.rules, rule_load_options(config)).summaries) {
    rules.insert(rule.id);
    topics.insert(rule.topics.begin(), rule.topics.end());
  }
  if (auto stored = store.stored_rule_ids()) rules.insert(stored->begin(), stored->end());
  if (auto stored = store.stored_topics()) topics.insert(stored->begin(), stored->end());
  return {{rules.begin(), rules.end()}, {topics.begin(), topics.end()}};
}

// A filter naming nothing newsmon knows is a mistake, not an empty answer.
bool filters_known(const AlertsOptions& options, const Config& config, store::Store& store) {
  if (options.rule.empty() && options.topic.empty()) return true;
  const auto known = known_names(config, store);
  const auto check = [&](const std::string& value, const std::vector<std::string>& names,
                         std::string_view what) {
    if (value.empty() || std::find(names.begin(), names.end(), value) != names.end()) return true;
    print_stderr(k_name, "unknown {} '{}'{}", what, value, alert::did_you_mean(value, names));
    return false;
  };
  return check(options.rule, known.rules, "rule") && check(options.topic, known.topics, "topic");
}

Reasons reasons_of(const Config& config, store::Store& store, store::Epoch now) {
  Reasons reasons;
  reasons.max_age = config.alerts.max_age;
  if (auto silences = store.silences({store::SilenceState::all, now, 100000, 0})) {
    for (auto& silence : *silences) reasons.silences.emplace(silence.id, std::move(silence));
  }
  return reasons;
}

void print_rows(const AlertsOptions& options, const std::vector<store::AlertRow>& rows,
                const Reasons& reasons) {
  for (const auto& row : rows) {
    if (options.json) {
      print_alert_json(row);
    } else {
      print_alert(row, reasons);
    }
  }
  if (options.json) return;
  if (rows.empty()) {
    fmt::print("no alerts in the last {}\n", options.since.text);
  } else if (rows.size() == k_limit) {
    fmt::print("(the latest {} alerts; narrow --since, --rule or --topic to see others)\n",
               k_limit);
  }
}

int run_alerts(const AlertsOptions& options) {
  const auto config = load_config_or_report(options.config);
  if (!config) return 1;
  auto store = open_configured_store(*config, store::Access::read_only);
  if (!store) {
    print_stderr(k_name, store.error().message);
    return 1;
  }
  if (!filters_known(options, *config, **store)) return k_usage_exit_code;
  const store::Epoch now = util::to_epoch_seconds(util::SystemClock().now());
  store::AlertQuery query;
  query.since = now - std::chrono::duration_cast<std::chrono::seconds>(options.since.value).count();
  if (!options.rule.empty()) query.rules = {options.rule};
  if (!options.topic.empty()) query.topics = {options.topic};
  query.limit = k_limit;
  auto rows = (*store)->alerts(query);
  if (!rows) {
    print_stderr(k_name, rows.error().message);
    return 1;
  }
  print_rows(options, *rows, reasons_of(*config, **store, now));
  std::fflush(stdout);
  return 0;
}

}  // namespace

Command add_alerts_command(CLI::App& cli) {
  auto options = std::make_shared<AlertsOptions>();
  auto* command = cli.add_subcommand(k_name, "list stored alerts and their deliveries");
  add_config_option(*command, options->config);
  add_duration_option(*command, "--since", options->since, "how far back");
  command->add_option("--rule", options->rule, "only alerts with this rule")->type_name("ID");
  command->add_option("--topic", options->topic, "only alerts with this topic")->type_name("TOPIC");
  command->add_flag("--json", options->json, "one JSON object per line");
  return {command, [options] { return run_alerts(*options); }};
}

}  // namespace newsmon::app
