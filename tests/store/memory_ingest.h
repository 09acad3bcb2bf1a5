#pragma once
// An ingest transaction over plain vectors: a second "backend" that answers the same
// queries and keeps the same uniqueness as SQLite (an item per feed and entry, an alert
// per item, one alert claiming a link, a match per item and rule, a delivery per alert,
// endpoint and sequence), so the tests can show that the decisions above the backends
// need nothing more. Hooks let a test play another process writing at the worst moment.

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/store/ingest_transaction.h"

namespace newsmon::test {

class MemoryIngest final : public store::IngestTransaction {
 public:
  struct Item {
    std::int64_t id = 0;
    std::int64_t feed_id = 0;
    std::string entry_id;
    std::string canonical_link;
    std::string outlet;
    std::optional<std::uint64_t> simhash;
  };
  struct Alert {
    std::int64_t id = 0;
    std::int64_t item_id = 0;
    std::string story_key;
    std::string open_link;
    store::Epoch raised_at = 0;
  };
  struct Match {
    std::int64_t item_id = 0;
    std::int64_t alert_id = 0;
    store::AlertRule rule;
  };
  struct Delivery {
    std::int64_t alert_id = 0;
    int sequence = 0;
    std::string webhook_id;
    store::PastDelivery past;
  };

  util::Result<std::string> feed_identity(std::int64_t feed_id) override {
    const auto found = feeds.find(feed_id);
    if (found == feeds.end()) return util::make_error("no feed with id {}", feed_id);
    return found->second;
  }

  util::Result<std::optional<std::int64_t>> insert_item(std::int64_t feed_id,
                                                        const store::IncomingItem& incoming,
                                                        const std::string& outlet,
                                                        store::Epoch) override {
    for (const auto& item : items) {
      if (item.feed_id == feed_id && item.entry_id == incoming.item.id)
        return std::optional<std::int64_t>();
    }
    const auto id = static_cast<std::int64_t>(items.size()) + 1;
    items.push_back(
        {id, feed_id, incoming.item.id, incoming.canonical_link, outlet, incoming.simhash});
    return std::optional(id);
  }

  util::Result<std::optional<std::int64_t>> alert_by_link(const std::string& canonical_link,
                                                          std::int64_t except_item,
                                                          store::Epoch since) override {
    std::optional<std::int64_t> earliest;
    for (const auto& match : matches) {
      const auto& item = item_at(match.item_id);
      const auto& alert = alert_at(match.alert_id);
      if (item.canonical_link != canonical_link || item.id == except_item ||
          alert.raised_at < since) {
        continue;
      }
      if (!earliest || earlier(alert, alert_at(*earliest))) earliest = alert.id;
    }
    return earliest;
  }

  util::Result<std::vector<store::AlertCandidate>> alert_candidates(
      store::Epoch since, const std::string& except_outlet, std::int64_t except_item) override {
    std::vector<std::pair<const Alert*, std::uint64_t>> found;
    for (const auto& match : matches) {
      const auto& item = item_at(match.item_id);
      const auto& alert = alert_at(match.alert_id);
      if (alert.raised_at < since || !item.simhash || item.outlet == except_outlet ||
          item.id == except_item) {
        continue;
      }
      found.emplace_back(&alert, *item.simhash);
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return earlier(*a.first, *b.first); });
    std::vector<store::AlertCandidate> candidates;
    for (const auto& [alert, simhash] : found) candidates.push_back({alert->id, simhash});
    return candidates;
  }

  util::Result<std::optional<std::int64_t>> insert_alert(const store::NewAlert& alert) override {
    if (before_insert_alert) std::exchange(before_insert_alert, {})();
    for (auto& other : alerts) {
      if (other.item_id == alert.item_id) return std::optional<std::int64_t>();
      if (alert.canonical_link.empty() || other.open_link != alert.canonical_link) continue;
      if (other.raised_at >= alert.claims_since) return std::optional<std::int64_t>();
      other.open_link.clear();  // an old claim lapses
    }
    const auto id = static_cast<std::int64_t>(alerts.size()) + 1;
    alerts.push_back({id, alert.item_id, alert.story_key, alert.canonical_link, alert.raised_at});
    return std::optional(id);
  }

  util::Result<std::string> alert_story_key(std::int64_t alert_id) override {
    return alert_at(alert_id).story_key;
  }

  util::Result<bool> insert_match(std::int64_t item_id, std::int64_t alert_id,
                                  const rules::Match& match, store::Epoch) override {
    for (const auto& stored : matches) {
      if (stored.item_id == item_id && stored.rule.id == match.rule_id) return false;
    }
    matches.push_back(
        {item_id, alert_id, {match.rule_id, match.rule_title, match.topics, match.severity}});
    return true;
  }

  util::Result<std::vector<store::AlertRule>> alert_rules(std::int64_t alert_id) override {
    std::vector<store::AlertRule> rules;
    for (const auto& match : matches) {
      const bool seen = std::any_of(rules.begin(), rules.end(),
                                    [&](const auto& rule) { return rule.id == match.rule.id; });
      if (match.alert_id == alert_id && !seen) rules.push_back(match.rule);
    }
    return rules;
  }

  util::Result<std::vector<store::PastDelivery>> alert_deliveries(std::int64_t alert_id) override {
    std::vector<store::PastDelivery> past;
    for (const auto& delivery : deliveries) {
      if (delivery.alert_id == alert_id) past.push_back(delivery.past);
    }
    std::sort(past.begin(), past.end(), [](const auto& a, const auto& b) {
      return std::tie(a.endpoint, a.sequence) < std::tie(b.endpoint, b.sequence);
    });
    return past;
  }

  util::Result<bool> insert_delivery(const store::NewDelivery& delivery, store::Epoch) override {
    if (before_insert_delivery) std::exchange(before_insert_delivery, {})();
    const auto& plan = *delivery.plan;
    for (const auto& other : deliveries) {
      if (other.alert_id == delivery.alert_id && other.past.endpoint == plan.endpoint &&
          other.sequence == delivery.sequence) {
        return false;
      }
    }
    const auto state = plan.hold ? store::DeliveryState::held : store::DeliveryState::pending;
    deliveries.push_back({delivery.alert_id,
                          delivery.sequence,
                          delivery.webhook_id,
                          {plan.endpoint, delivery.sequence, state, plan.notice}});
    return true;
  }

  util::Status commit() override {
    ++commits;
    return {};
  }

  /// The alert an item's matches went to.
  std::optional<std::int64_t> alert_of_item(std::int64_t item_id) const {
    for (const auto& match : matches) {
      if (match.item_id == item_id) return match.alert_id;
    }
    return std::nullopt;
  }

  std::map<std::int64_t, std::string> feeds;
  std::vector<Item> items;
  std::vector<Alert> alerts;
  std::vector<Match> matches;
  std::vector<Delivery> deliveries;
  int commits = 0;
  /// Run once, just before the next insert_alert() / insert_delivery() decides.
  std::function<void()> before_insert_alert;
  std::function<void()> before_insert_delivery;

 private:
  const Item& item_at(std::int64_t id) const { return items.at(static_cast<std::size_t>(id - 1)); }
  const Alert& alert_at(std::int64_t id) const {
    return alerts.at(static_cast<std::size_t>(id - 1));
  }
  static bool earlier(const Alert& a, const Alert& b) {
    return a.raised_at != b.raised_at ? a.raised_at < b.raised_at : a.id < b.id;
  }
};

}  // namespace newsmon::test
