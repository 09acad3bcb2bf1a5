#include "daemon/store/ingest.h"

#include "daemon/store/cluster.h"
#include "daemon/store/webhook_id.h"

namespace newsmon::store {
namespace {

struct NewItem {
  std::int64_t id = 0;
  const IncomingItem& incoming;
  const std::string& outlet;
  const std::string& story_key;
};

util::Status queue_deliveries(IngestTransaction& transaction, std::int64_t match_id,
                              const NewItem& item, const PlannedMatch& planned, Epoch now,
                              IngestResult& result) {
  for (const auto& endpoint : planned.endpoints) {
    const auto webhook_id = webhook_id_for(item.story_key, planned.match.rule_id, endpoint);
    auto queued = transaction.insert_delivery(match_id, endpoint, webhook_id, now);
    if (!queued) return queued.error();
    if (*queued) ++result.deliveries;
  }
  return {};
}

// A match raises an alert with its deliveries, or is folded into an earlier alert.
util::Status add_match(IngestTransaction& transaction, const NewItem& item,
                       const PlannedMatch& planned, Epoch now, const ClusterPolicy& policy,
                       IngestResult& result) {
  auto copy_of =
      earlier_alert(transaction, item.id, item.incoming, item.outlet, planned.match, now, policy);
  if (!copy_of) return copy_of.error();
  auto match_id = transaction.insert_match(item.id, planned.match, now, *copy_of);
  if (!match_id) return match_id.error();
  if (!*match_id) return {};  // the same rule twice for one item
  if (*copy_of) {
    ++result.clustered_matches;
    return {};
  }
  ++result.new_matches;
  const auto& story = item.incoming.item;
  result.alerts.push_back({**match_id, planned.match.rule_id, story.title, story.link});
  return queue_deliveries(transaction, **match_id, item, planned, now, result);
}

}  // namespace

util::Result<IngestResult> ingest_items(IngestTransaction& transaction, std::int64_t feed_id,
                                        std::vector<IncomingItem> items, Epoch now,
                                        const ClusterPolicy& policy) {
  const auto feed = transaction.feed_identity(feed_id);
  if (!feed) return feed.error();
  IngestResult result;
  for (auto& incoming : items) {
    complete_story(incoming);
    const std::string outlet = outlet_of(incoming.canonical_link, feed_id);
    auto item_id = transaction.insert_item(feed_id, incoming, outlet, now);
    if (!item_id) return item_id.error();
    if (!*item_id) continue;  // already stored: neither stored nor alerted again
    ++result.new_items;
    const std::string story_key = story_key_of(*feed, incoming.item.id);
    const NewItem item{**item_id, incoming, outlet, story_key};
    for (const auto& planned : incoming.matches) {
      if (auto status = add_match(transaction, item, planned, now, policy, result); !status) {
        return status.error();
      }
    }
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return result;
}

}  // namespace newsmon::store
