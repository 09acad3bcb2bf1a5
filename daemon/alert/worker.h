#pragma once
// The delivery worker: takes due deliveries from the store's outbox, sends them signed
// in each endpoint's format, and records what happened, retrying on the endpoint's
// schedule. Each endpoint proceeds on its own (its own lease, concurrency, rate and
// pauses), so a dead or slow webhook never holds up the others.
//
// Lifetime and threads: the worker runs on the io_context it is given. Construct it,
// set_endpoints(), start() and stop() on that io_context's thread (or before it runs);
// poke() and metrics() are safe from any thread. stop() must have completed (its
// callback run) before the worker is destroyed, and the store and HTTP client must outlive
// the worker. The client may be shared (with the poller): the worker cancels only its own
// transfers.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/alert/retry.h"
#include "daemon/fetch/http_client.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"

namespace boost::asio {
class io_context;
}

namespace newsmon::alert {

struct WorkerOptions {
  /// How long a leased delivery is ours; if the process dies it is due again after this.
  /// Must exceed the longest endpoint timeout. Default: 120 s.
  std::chrono::seconds lease{120};
  /// Requests in flight to one endpoint at most (1 for rate-limited ones). Default: 4.
  int max_in_flight_per_endpoint = 4;
  /// Longest sleep between looks at the outbox, so rows written by another process or
  /// freed by an expired lease are found without a poke(). Default: 30 s.
  std::chrono::seconds idle_recheck{30};
  /// Retry delays vary by up to this fraction either way. Default: 0.2.
  double jitter = 0.2;
  std::uint64_t jitter_seed = 0;  ///< 0: seeded from the system
};

/// Numbers for /metrics: plain values, copied out.
struct DeliveryMetrics {
  std::uint64_t delivered = 0;        ///< deliveries that got a 2xx
  std::uint64_t failed_attempts = 0;  ///< attempts that did not (each retry counts)
  std::uint64_t dead = 0;             ///< deliveries given up on (schedule exhausted or 410)
  std::uint64_t endpoints_gone = 0;   ///< endpoints disabled by a 410
  std::uint64_t store_errors = 0;     ///< outbox reads or writes that failed (busy, disk)
  std::int64_t in_flight = 0;
  // From the store, read when metrics() is called:
  std::int64_t pending = 0;  ///< queue depth, in flight included
  std::int64_t oldest_pending_age_seconds = 0;
  std::int64_t dead_in_store = 0;  ///< dead rows kept for inspection
};

class DeliveryWorker {
 public:
  /// Sends on `client`, which runs its callbacks on `io`.
  DeliveryWorker(boost::asio::io_context& io, store::Store& store, fetch::HttpClient& client,
                 const util::Clock& clock, WorkerOptions options = {});
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  /// Replaces the configured endpoints (at start and on reload). Resolves their secrets;
  /// an endpoint whose secret cannot be read is kept but sends nothing, so its deliveries
  /// wait instead of going out unsigned; its error is returned (and logged). Pending
  /// deliveries of endpoints no longer configured are marked dead. A reload also lifts a
  /// 410 disablement. Requests in flight finish under the settings they started with.
  std::vector<util::Error> set_endpoints(std::vector<Endpoint> endpoints);

  /// Starts taking deliveries from the outbox.
  void start();
  /// New deliveries were stored: look at the outbox now rather than at the next timer.
  void poke();
  /// Calls `drained` (on the io_context) once nothing is in flight and no delivery is due
  /// now; deliveries scheduled for later are not waited for. For `newsmon once`.
  void when_drained(std::function<void()> drained);
  /// Stops taking deliveries. Requests in flight may finish until the deadline; those
  /// still running then are cancelled and their leases given back (not counted as
  /// attempts). Calls `stopped` on the io_context when done.
  void stop(std::chrono::milliseconds deadline, std::function<void()> stopped);

  DeliveryMetrics metrics() const;

  class Impl;  ///< internal

 private:
  std::shared_ptr<Impl> m_impl;
};

}  // namespace newsmon::alert
