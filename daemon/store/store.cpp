#include "daemon/store/store.h"

#include "daemon/store/ingest.h"

namespace newsmon::store {

const char* delivery_state_name(DeliveryState state) {
  return k_delivery_state_names.name_of(state);
}

util::Result<IngestResult> Store::ingest(std::int64_t feed_id, std::vector<IncomingItem> items,
                                         Epoch now, const ClusterPolicy& policy,
                                         const DeliveryPlanner& planner) {
  auto transaction = begin_ingest();
  if (!transaction) return transaction.error();
  return ingest_items(**transaction, feed_id, std::move(items), now, policy, planner);
}

}  // namespace newsmon::store
