#include "daemon/app/metrics.h"

#include <cmath>

#include <fmt/format.h>

namespace newsmon::app {
namespace {

std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_value(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<std::int64_t>(value));
  }
  return fmt::format("{}", value);
}

void write_polls(PrometheusWriter& out, const poll::PollerCounters& polls) {
  out.family("newsmon_polls_total", "counter", "Feed polls, by result.");
  for (std::size_t i = 0; i < polls.polls.size(); ++i) {
    out.sample("newsmon_polls_total", static_cast<double>(polls.polls[i]),
               {{"result", store::poll_result_name(static_cast<store::PollResult>(i))}});
  }
  std::vector<double> bounds(poll::k_poll_duration_bounds.begin(),
                             poll::k_poll_duration_bounds.end());
  std::vector<std::uint64_t> counts(polls.poll_seconds_buckets.begin(),
                                    polls.poll_seconds_buckets.end());
  out.histogram("newsmon_poll_duration_seconds", "Time from the start of a poll to its outcome.",
                bounds, counts, polls.poll_seconds_sum);
  out.metric("newsmon_fetched_bytes_total", "counter",
             "Bytes received from feed servers, before decompression.",
             static_cast<double>(polls.wire_bytes));
  out.metric("newsmon_new_items_total", "counter", "Items stored for the first time.",
             static_cast<double>(polls.new_items));
  out.metric("newsmon_feed_moves_total", "counter",
             "Feeds whose URL changed after permanent redirects.",
             static_cast<double>(polls.permanent_moves));
  out.metric("newsmon_network_outages_total", "counter", "Times every feed failed at once.",
             static_cast<double>(polls.network_outages));
  out.metric("newsmon_feed_claims_refused_total", "counter",
             "Due feeds left to another daemon that held or had just polled them.",
             static_cast<double>(polls.claims_refused));
  out.metric("newsmon_feeds", "gauge", "Feeds being polled.",
             static_cast<double>(polls.active_feeds));
  out.metric("newsmon_polls_in_flight", "gauge", "Polls under way.",
             static_cast<double>(polls.in_flight));
}

void write_deliveries(PrometheusWriter& out, const alert::DeliveryMetrics& deliveries) {
  out.family("newsmon_deliveries_total", "counter", "Webhook delivery attempts, by result.");
  out.sample("newsmon_deliveries_total", static_cast<double>(deliveries.delivered),
             {{"result", "delivered"}});
  out.sample("newsmon_deliveries_total", static_cast<double>(deliveries.failed_attempts),
             {{"result", "failed"}});
  out.sample("newsmon_deliveries_total", static_cast<double>(deliveries.dead),
             {{"result", "dead"}});
  out.metric("newsmon_endpoints_gone_total", "counter", "Webhook endpoints disabled by a 410.",
             static_cast<double>(deliveries.endpoints_gone));
  out.metric("newsmon_delivery_queue_depth", "gauge", "Deliveries pending, in flight included.",
             static_cast<double>(deliveries.pending));
  out.family("newsmon_oldest_pending_delivery_age_seconds", "gauge",
             "Age of the oldest pending delivery.");
  out.sample("newsmon_oldest_pending_delivery_age_seconds",
             static_cast<double>(deliveries.oldest_pending_age_seconds));
  out.metric("newsmon_dead_deliveries", "gauge", "Deliveries given up on and kept for inspection.",
             static_cast<double>(deliveries.dead_in_store));
  out.metric("newsmon_deliveries_in_flight", "gauge", "Webhook requests under way.",
             static_cast<double>(deliveries.in_flight));
  out.metric("newsmon_store_errors_total", "counter",
             "Outbox reads or writes that failed (busy database, full disk).",
             static_cast<double>(deliveries.store_errors));
}

}  // namespace

void PrometheusWriter::family(std::string_view name, std::string_view type, std::string_view help) {
  m_text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void PrometheusWriter::sample(std::string_view name, double value, const Labels& labels) {
  m_text += name;
  if (!labels.empty()) {
    m_text += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) m_text += ',';
      m_text += fmt::format("{}=\"{}\"", labels[i].first, escape_label(labels[i].second));
    }
    m_text += '}';
  }
  m_text += ' ';
  m_text += format_value(value);
  m_text += '\n';
}

void PrometheusWriter::histogram(std::string_view name, std::string_view help,
                                 const std::vector<double>& bounds,
                                 const std::vector<std::uint64_t>& cumulative_counts, double sum) {
  family(name, "histogram", help);
  const std::string bucket = fmt::format("{}_bucket", name);
  for (std::size_t i = 0; i < bounds.size() && i < cumulative_counts.size(); ++i) {
    sample(bucket, static_cast<double>(cumulative_counts[i]), {{"le", format_value(bounds[i])}});
  }
  const double total =
      cumulative_counts.empty() ? 0.0 : static_cast<double>(cumulative_counts.back());
  sample(bucket, total, {{"le", "+Inf"}});
  sample(fmt::format("{}_sum", name), sum);
  sample(fmt::format("{}_count", name), total);
}

std::string render_metrics(const MetricsSnapshot& snapshot) {
  PrometheusWriter out;
  out.family("newsmon_build_info", "gauge", "Always 1; the labels tell the version.");
  out.sample("newsmon_build_info", 1, {{"version", NEWSMON_VERSION}});
  out.metric("newsmon_start_time_seconds", "gauge", "Unix time the daemon started.",
             snapshot.start_time_seconds);
  out.metric("newsmon_ready", "gauge", "1 once feeds and rules are loaded and the store is open.",
             snapshot.ready ? 1 : 0);
  write_polls(out, snapshot.polls);
  out.family("newsmon_matches_total", "counter",
             "Rules that matched a story raising an alert, by rule.");
  for (const auto& [rule, count] : snapshot.matches_by_rule) {
    out.sample("newsmon_matches_total", static_cast<double>(count), {{"rule", rule}});
  }
  out.metric("newsmon_alert_copies_total", "counter",
             "Stories folded into an earlier alert of the same story (also_reported_by).",
             static_cast<double>(snapshot.alert_copies));
  out.metric("newsmon_follow_ups_total", "counter",
             "Follow-up messages queued: a copy of an alerted story told a webhook more.",
             static_cast<double>(snapshot.follow_ups));
  out.metric("newsmon_held_deliveries_total", "counter",
             "Messages not sent: the story was too old (alerts.max_age) or a silence held it.",
             static_cast<double>(snapshot.held_deliveries));
  write_deliveries(out, snapshot.deliveries);
  out.family("newsmon_reloads_total", "counter", "Configuration and rule reloads, by result.");
  out.sample("newsmon_reloads_total", static_cast<double>(snapshot.reloads_ok), {{"result", "ok"}});
  out.sample("newsmon_reloads_total", static_cast<double>(snapshot.reloads_failed),
             {{"result", "error"}});
  out.metric("newsmon_sqlite_busy_total", "counter",
             "Database statements that found the database locked by another writer.",
             static_cast<double>(snapshot.sqlite_busy));
  out.metric("newsmon_rules", "gauge", "Rules in the running rule set.",
             static_cast<double>(snapshot.rules));
  out.metric("newsmon_webhooks", "gauge", "Configured webhook endpoints.",
             static_cast<double>(snapshot.webhooks));
  return out.text();
}

}  // namespace newsmon::app
