#pragma once
// From a parsed feed to stored alerts: picks the items the store has not seen, matches
// them against the current rule set, finds the sentence that shows each match best, and
// hands everything to the store in one transaction with the router that decides which
// webhooks get a message (alert/routing.h). Reads the active silences from the store
// every few seconds, so a silence added by `newsmon silence add` holds within seconds.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/alert/routing.h"
#include "daemon/alert/silences.h"
#include "daemon/feed/item.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/result.h"

namespace newsmon::poll {

/// How often the active silences are read again. Default: 5 s.
inline constexpr std::chrono::seconds k_silence_refresh{5};

class Ingester {
 public:
  /// The store and clock must outlive the ingester. Not thread-safe: use it from one thread.
  Ingester(store::Store& store, const util::Clock& clock);

  /// Replaces the rule set (on start and on reload).
  void set_rules(std::shared_ptr<const rules::RuleSet> rules);
  /// Replaces the webhooks, the clustering and the routing policy (on start and reload).
  void set_routing(std::vector<alert::Endpoint> endpoints, store::ClusterPolicy cluster,
                   alert::RoutingPolicy routing);
  /// Called after an ingest that created deliveries, so the alerter can wake up.
  void on_new_deliveries(std::function<void()> callback);

  /// Stores the items of the feed the store has not seen, with their alerts, matches and
  /// deliveries, and logs each alert raised or joined.
  util::Result<store::IngestResult> ingest(const store::FeedState& feed,
                                           std::vector<feed::Item> items);

  std::size_t rule_count() const;
  /// Alerts raised so far, per rule id of the raising story (for metrics).
  const std::map<std::string, std::uint64_t>& alerts_by_rule() const { return m_alerts_by_rule; }
  /// Stories folded into an earlier alert so far.
  std::uint64_t copies() const { return m_copies; }
  /// Follow-ups and held deliveries written so far.
  std::uint64_t follow_ups() const { return m_follow_ups; }
  std::uint64_t held() const { return m_held; }

 private:
  store::IncomingItem prepare(feed::Item&& item) const;
  void refresh_silences(store::Epoch now);
  void count(const store::IngestResult& result);

  store::Store& m_store;
  const util::Clock& m_clock;
  std::shared_ptr<const rules::RuleSet> m_rules;
  std::vector<alert::Endpoint> m_endpoints;
  store::ClusterPolicy m_cluster;
  alert::RoutingPolicy m_routing;
  alert::Silences m_silences;
  store::Epoch m_silences_read_at = 0;
  bool m_silences_read = false;
  std::function<void()> m_on_new_deliveries;
  std::map<std::string, std::uint64_t> m_alerts_by_rule;
  std::uint64_t m_copies = 0;
  std::uint64_t m_follow_ups = 0;
  std::uint64_t m_held = 0;
};

}  // namespace newsmon::poll
