#pragma once
// Internal to daemon/alert: the delivery worker's state and steps. worker.cpp has its
// life cycle (endpoints, the pump and its timer, draining, stopping, metrics);
// worker_send.cpp sends messages and records what came of them.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/alert/message.h"
#include "daemon/alert/rate_limiter.h"
#include "daemon/alert/retry.h"
#include "daemon/alert/signing.h"
#include "daemon/alert/worker.h"
#include "daemon/util/log.h"

namespace newsmon::alert::detail {

using Epoch = store::Epoch;
using std::chrono::milliseconds;

struct EndpointRuntime {
  Endpoint config;
  std::vector<SigningKey> keys;
  bool usable = true;  ///< false when its secrets could not be read
  bool gone = false;   ///< answered 410: nothing more is sent until a reload
  int in_flight = 0;
  Epoch paused_until = 0;  ///< Retry-After
  RateLimiter limiter;

  int max_in_flight(int configured) const {
    // A rate-limited endpoint (a chat channel) gets one request at a time, in order.
    return limiter.limited() ? 1 : std::max(1, configured);
  }
};

/// One request under way: one delivery, or the deliveries of a digest window.
struct InFlight {
  std::shared_ptr<EndpointRuntime> endpoint;
  std::vector<std::int64_t> delivery_ids;
  int attempts = 0;
  std::string webhook_id;
  fetch::TransferId transfer = 0;
};

}  // namespace newsmon::alert::detail

namespace newsmon::alert {

class DeliveryWorker::Impl : public std::enable_shared_from_this<Impl> {
 public:
  using EndpointRuntime = detail::EndpointRuntime;
  using InFlight = detail::InFlight;
  using Epoch = detail::Epoch;
  using milliseconds = detail::milliseconds;

  Impl(boost::asio::io_context& io, store::Store& store, fetch::HttpClient& client,
       const util::Clock& clock, WorkerOptions options)
      : m_io(io),
        m_store(store),
        m_client(client),
        m_clock(clock),
        m_options(options),
        m_jitter(options.jitter, options.jitter_seed),
        m_timer(io),
        m_stop_timer(io) {}

  std::vector<util::Error> set_endpoints(std::vector<Endpoint> endpoints);
  void start();
  void request_pump();
  void when_drained(std::function<void()> drained);
  void stop(milliseconds deadline, std::function<void()> stopped);
  DeliveryMetrics metrics() const;

 private:
  Epoch now() const { return util::to_epoch_seconds(m_clock.now()); }
  // worker.cpp
  void pump();
  void pump_endpoint(const std::shared_ptr<EndpointRuntime>& endpoint, Epoch now);
  std::optional<milliseconds> next_wake(EndpointRuntime& endpoint, Epoch now);
  void arm_timer(Epoch now);
  bool has_due_work(EndpointRuntime& endpoint, Epoch now);
  void check_drained(Epoch now);
  void store_error(const std::string& doing, const util::Error& error);
  void force_stop();
  void maybe_finish_stop();
  // worker_send.cpp
  void send_each(const std::shared_ptr<EndpointRuntime>& endpoint,
                 std::vector<store::DeliveryJob> jobs);
  void send_digest(const std::shared_ptr<EndpointRuntime>& endpoint,
                   std::vector<store::DeliveryJob> jobs);
  void send(const std::shared_ptr<EndpointRuntime>& endpoint, InFlight job, const Message& message);
  void on_response(std::int64_t key, fetch::Response response);
  void apply(EndpointRuntime& endpoint, const InFlight& job, const Decision& decision,
             int http_status, Epoch now);
  void disable(EndpointRuntime& endpoint, Epoch now);
  void record(store::DeliveryOutcome outcome);
  void flush_outcomes();

  boost::asio::io_context& m_io;
  store::Store& m_store;
  fetch::HttpClient& m_client;
  const util::Clock& m_clock;
  WorkerOptions m_options;
  Jitter m_jitter;
  boost::asio::steady_timer m_timer;
  boost::asio::steady_timer m_stop_timer;

  std::map<std::string, std::shared_ptr<EndpointRuntime>> m_endpoints;
  std::map<std::int64_t, InFlight> m_in_flight;    ///< by the first delivery id of each request
  std::vector<store::DeliveryOutcome> m_outcomes;  ///< recorded together, one sync for all
  bool m_flush_posted = false;
  std::vector<std::function<void()>> m_drained;
  std::function<void()> m_stopped;
  bool m_started = false;
  bool m_stopping = false;
  std::atomic<bool> m_pump_posted{false};

  std::atomic<std::uint64_t> m_delivered{0};
  std::atomic<std::uint64_t> m_failed_attempts{0};
  std::atomic<std::uint64_t> m_dead{0};
  std::atomic<std::uint64_t> m_endpoints_gone{0};
  std::atomic<std::uint64_t> m_store_errors{0};
  util::LogThrottle m_store_trouble;
  std::atomic<std::int64_t> m_in_flight_count{0};
};

}  // namespace newsmon::alert
