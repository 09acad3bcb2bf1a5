#pragma once
// Store::ingest() over any backend: new items, the alerts they raise or join, their
// matches and the deliveries the planner asks for, written through one IngestTransaction.

#include <cstdint>
#include <vector>

#include "daemon/store/ingest_transaction.h"
#include "daemon/store/store.h"

namespace newsmon::store {

/// Does what Store::ingest() promises inside `transaction` and commits it. On an Error
/// nothing was committed.
util::Result<IngestResult> ingest_items(IngestTransaction& transaction, std::int64_t feed_id,
                                        std::vector<IncomingItem> items, Epoch now,
                                        const ClusterPolicy& policy,
                                        const DeliveryPlanner& planner);

}  // namespace newsmon::store
