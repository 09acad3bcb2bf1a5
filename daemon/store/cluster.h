#pragma once
// Story clustering, the decision every backend shares: is a new story a copy of an alert
// already raised? It is when, within the cluster window, one of the alert's stories has
// the same canonical link, or comes from another outlet with a SimHash of title and
// summary at most ClusterPolicy::max_hamming_distance bits away (the nearest wins, the
// earliest on ties). Stories of one outlet are compared by link only: an outlet's
// recurring series ("key events, day 341") reads alike every day.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "daemon/store/ingest_transaction.h"

namespace newsmon::store {

/// Derives what the caller left empty: the canonical link from the item's link, the
/// SimHash from its title and summary.
void complete_story(IncomingItem& incoming);

/// The outlet a story came from: the host of its canonical link, else its feed.
std::string outlet_of(const std::string& canonical_link, std::int64_t feed_id);

/// How far back the story looks for an alert to join: the longest `suppress` of the
/// rules it matched, or the policy's window for a rule without one.
std::chrono::seconds cluster_window(const IncomingItem& incoming, const ClusterPolicy& policy);

/// The alert the item is a copy of, or nullopt when it raises its own.
util::Result<std::optional<std::int64_t>> earlier_alert(IngestTransaction& transaction,
                                                        std::int64_t item_id,
                                                        const IncomingItem& incoming,
                                                        const std::string& outlet, Epoch now,
                                                        const ClusterPolicy& policy);

}  // namespace newsmon::store
