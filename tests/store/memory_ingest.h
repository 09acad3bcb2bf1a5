#pragma once
// An ingest transaction over plain vectors: a second "backend" that answers the same
// queries and keeps the same uniqueness as SQLite, so the tests can show that the
// clustering decision above the backends needs nothing more.

#include <algorithm>
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
  struct Match {
    std::int64_t id = 0;
    std::int64_t item_id = 0;
    std::string rule_id;
    store::Epoch created_at = 0;
    std::optional<std::int64_t> copy_of;
  };
  struct Delivery {
    std::int64_t match_id = 0;
    std::string endpoint;
    std::string webhook_id;
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
                                                          const std::string& rule_id,
                                                          store::Epoch since) override {
    std::optional<std::int64_t> earliest;
    for (const auto& match : matches) {
      const auto& item = item_of(match);
      const auto& alert = alert_of(match);
      if (match.rule_id != rule_id || item.canonical_link != canonical_link ||
          item.id == except_item || alert.created_at < since) {
        continue;
      }
      if (!earliest || earlier(alert, match_at(*earliest))) earliest = alert.id;
    }
    return earliest;
  }

  util::Result<std::vector<store::AlertCandidate>> alert_candidates(
      const std::string& rule_id, store::Epoch since, const std::string& except_outlet,
      std::int64_t except_item) override {
    std::vector<std::pair<const Match*, std::uint64_t>> found;
    for (const auto& match : matches) {
      const auto& item = item_of(match);
      const auto& alert = alert_of(match);
      if (match.rule_id != rule_id || match.created_at < since || alert.created_at < since ||
          !item.simhash || item.outlet == except_outlet || item.id == except_item) {
        continue;
      }
      found.emplace_back(&alert, *item.simhash);
    }
    std::stable_sort(found.begin(), found.end(),
                     [this](const auto& a, const auto& b) { return earlier(*a.first, *b.first); });
    std::vector<store::AlertCandidate> candidates;
    for (const auto& [alert, simhash] : found) candidates.push_back({alert->id, simhash});
    return candidates;
  }

  util::Result<std::optional<std::int64_t>> insert_match(
      std::int64_t item_id, const rules::Match& match, store::Epoch now,
      std::optional<std::int64_t> copy_of) override {
    for (const auto& stored : matches) {
      if (stored.item_id == item_id && stored.rule_id == match.rule_id)
        return std::optional<std::int64_t>();
    }
    const auto id = static_cast<std::int64_t>(matches.size()) + 1;
    matches.push_back({id, item_id, match.rule_id, now, copy_of});
    return std::optional(id);
  }

  util::Result<bool> insert_delivery(std::int64_t match_id, const std::string& endpoint,
                                     const std::string& webhook_id, store::Epoch) override {
    for (const auto& delivery : deliveries) {
      if (delivery.match_id == match_id && delivery.endpoint == endpoint) return false;
    }
    deliveries.push_back({match_id, endpoint, webhook_id});
    return true;
  }

  util::Status commit() override {
    ++commits;
    return {};
  }

  /// The alert a match counts for: itself, or the one it was folded into.
  std::optional<std::int64_t> copy_of(std::int64_t match_id) const {
    return match_at(match_id).copy_of;
  }

  std::map<std::int64_t, std::string> feeds;
  std::vector<Item> items;
  std::vector<Match> matches;
  std::vector<Delivery> deliveries;
  int commits = 0;

 private:
  const Match& match_at(std::int64_t id) const {
    return matches.at(static_cast<std::size_t>(id - 1));
  }
  const Item& item_of(const Match& match) const {
    return items.at(static_cast<std::size_t>(match.item_id - 1));
  }
  const Match& alert_of(const Match& match) const {
    return match.copy_of ? match_at(*match.copy_of) : match;
  }
  static bool earlier(const Match& a, const Match& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  }
};

}  // namespace newsmon::test
