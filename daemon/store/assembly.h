#pragma once
// Records put together from several queries, the same in every backend: the backend gives
// the rows and how to load what belongs to each; here is the order and what goes where.
// Private to store/.

#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "daemon/store/records.h"
#include "daemon/store/row_readers.h"
#include "daemon/store/store.h"

namespace newsmon::store::assembly {

/// The alerts of `ids` (as selected: newest first), oldest first, each with its deliveries.
/// `load_alert(id)` gives a Result<Alert>, `load_deliveries(id)` a
/// Result<std::vector<DeliveryStatus>>.
template <typename LoadAlert, typename LoadDeliveries>
util::Result<std::vector<AlertRow>> alert_rows(std::vector<std::int64_t> ids, LoadAlert load_alert,
                                               LoadDeliveries load_deliveries) {
  std::reverse(ids.begin(), ids.end());
  std::vector<AlertRow> rows;
  for (const auto id : ids) {
    auto alert = load_alert(id);
    if (!alert) return alert.error();
    auto deliveries = load_deliveries(id);
    if (!deliveries) return deliveries.error();
    rows.push_back({std::move(*alert), std::move(*deliveries)});
  }
  return rows;
}

/// The jobs of deliveries just leased, oldest first, each with its alert.
/// `load_alert(id)` gives a Result<Alert>; `load_told_before(job)` a Status, filling in
/// what earlier deliveries of the alert told the endpoint.
template <typename LoadAlert, typename LoadToldBefore>
util::Result<std::vector<DeliveryJob>> leased_jobs(std::vector<rows::LeasedRow> leased,
                                                   LoadAlert load_alert,
                                                   LoadToldBefore load_told_before) {
  // RETURNING gives no order; oldest first keeps the queue fair.
  std::sort(leased.begin(), leased.end(),
            [](const auto& a, const auto& b) { return a.job.delivery_id < b.job.delivery_id; });
  std::vector<DeliveryJob> jobs;
  for (auto& row : leased) {
    auto alert = load_alert(row.alert_id);
    if (!alert) return alert.error();
    row.job.alert = std::move(*alert);
    if (auto status = load_told_before(row.job); !status) return status.error();
    jobs.push_back(std::move(row.job));
  }
  return jobs;
}

/// The feeds asked for, each marked claimed when its id is among those this instance leased.
inline std::vector<FeedClaim> feed_claims(std::vector<FeedState> states,
                                          const std::unordered_set<std::int64_t>& claimed) {
  std::vector<FeedClaim> claims;
  claims.reserve(states.size());
  for (auto& state : states) {
    const bool ours = claimed.count(state.id) != 0;
    claims.push_back({std::move(state), ours});
  }
  return claims;
}

}  // namespace newsmon::store::assembly
