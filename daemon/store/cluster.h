#pragma once
// Story clustering, the decision every backend shares: is a new match a copy of an alert
// already raised for the same rule? It is when, within the cluster window (the rule's
// `suppress`, else ClusterPolicy::window), an alerted story has the same canonical link,
// or comes from another outlet with a SimHash of title and summary at most
// ClusterPolicy::max_hamming_distance bits away (the nearest wins, the earliest on ties).
// Stories of one outlet are compared by link only: an outlet's recurring series ("key
// events, day 341") reads alike every day.

#include <cstdint>
#include <optional>
#include <string>

#include "daemon/store/ingest_transaction.h"
#include "daemon/store/store.h"

namespace newsmon::store {

/// Derives what the caller left empty: the canonical link from the item's link, the
/// SimHash from its title and summary.
void complete_story(IncomingItem& incoming);

/// The outlet a story came from: the host of its canonical link, else its feed.
std::string outlet_of(const std::string& canonical_link, std::int64_t feed_id);

/// The alert the item's match is a copy of, or nullopt when it raises its own.
util::Result<std::optional<std::int64_t>> earlier_alert(
    IngestTransaction& transaction, std::int64_t item_id, const IncomingItem& incoming,
    const std::string& outlet, const rules::Match& match, Epoch now, const ClusterPolicy& policy);

}  // namespace newsmon::store
