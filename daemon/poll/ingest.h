#pragma once
// From a parsed feed to stored alerts: picks the items the store has not seen, matches
// them against the current rule set, routes each match to the webhooks that want it, and
// hands everything to the store in one transaction.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/feed/item.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/result.h"

namespace newsmon::poll {

class Ingester {
 public:
  /// The store and clock must outlive the ingester. Not thread-safe: use it from one thread.
  Ingester(store::Store& store, const util::Clock& clock);

  /// Replaces the rule set (on start and on reload).
  void set_rules(std::shared_ptr<const rules::RuleSet> rules);
  /// Replaces the webhooks and the clustering policy (on start and on reload).
  void set_routing(std::vector<alert::Endpoint> endpoints, store::ClusterPolicy policy);
  /// Called after an ingest that created deliveries, so the alerter can wake up.
  void on_new_deliveries(std::function<void()> callback);

  /// Stores the items of the feed the store has not seen, with their matches and
  /// deliveries, and logs each alert raised. Returns the number of new items.
  util::Result<store::IngestResult> ingest(const store::FeedState& feed,
                                           std::vector<feed::Item> items);

  std::size_t rule_count() const;
  /// Alerts raised so far, per rule id (for metrics).
  const std::map<std::string, std::uint64_t>& alerts_by_rule() const { return m_alerts_by_rule; }
  /// Matches folded into an earlier alert of the same story so far.
  std::uint64_t clustered_matches() const { return m_clustered_matches; }

 private:
  store::IncomingItem prepare(feed::Item&& item) const;

  store::Store& m_store;
  const util::Clock& m_clock;
  std::shared_ptr<const rules::RuleSet> m_rules;
  std::vector<alert::Endpoint> m_endpoints;
  store::ClusterPolicy m_policy;
  std::function<void()> m_on_new_deliveries;
  std::map<std::string, std::uint64_t> m_alerts_by_rule;
  std::uint64_t m_clustered_matches = 0;
};

}  // namespace newsmon::poll
