#pragma once
// The numbers /metrics publishes, gathered from the parts of the daemon at scrape time,
// and their rendering in the Prometheus text format (version 0.0.4): `newsmon_` prefix,
// base units, `_total` on counters, no per-feed labels.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/alert/worker.h"
#include "daemon/poll/report.h"

namespace newsmon::app {

struct MetricsSnapshot {
  poll::PollerCounters polls;
  alert::DeliveryMetrics deliveries;
  std::map<std::string, std::uint64_t> matches_by_rule;  ///< alerts raised, per rule id
  std::uint64_t alert_copies = 0;                        ///< stories folded into an earlier alert
  std::uint64_t follow_ups = 0;                          ///< follow-up deliveries queued
  std::uint64_t held_deliveries = 0;                     ///< deliveries held (backlog, silences)
  std::uint64_t reloads_ok = 0;
  std::uint64_t reloads_failed = 0;
  std::uint64_t sqlite_busy = 0;
  std::size_t rules = 0;
  std::size_t webhooks = 0;
  double start_time_seconds = 0;  ///< Unix time the process started
  bool ready = false;
};

/// The snapshot as a Prometheus text exposition.
std::string render_metrics(const MetricsSnapshot& snapshot);

/// Writes metric families in the Prometheus text format.
class PrometheusWriter {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;

  /// Starts a family: "# HELP" and "# TYPE" lines.
  void family(std::string_view name, std::string_view type, std::string_view help);
  /// One sample of the current family.
  void sample(std::string_view name, double value, const Labels& labels = {});
  /// A family with a single unlabelled sample.
  void metric(std::string_view name, std::string_view type, std::string_view help, double value) {
    family(name, type, help);
    sample(name, value);
  }
  /// A whole histogram family from cumulative counts (observations at most bounds[i]; the
  /// last count, of every observation, is the +Inf bucket and the _count) and the sum.
  void histogram(std::string_view name, std::string_view help, const std::vector<double>& bounds,
                 const std::vector<std::uint64_t>& cumulative_counts, double sum);

  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
};

}  // namespace newsmon::app
