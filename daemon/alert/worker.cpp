#include "daemon/alert/worker.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/alert/rate_limiter.h"
#include "daemon/alert/secrets.h"
#include "daemon/alert/webhook_request.h"

namespace newsmon::alert {
namespace {

using std::chrono::milliseconds;
using Epoch = store::Epoch;

// How long to wait before looking again at an endpoint whose due rows could not be
// leased (another process holds them), so the worker never spins.
constexpr milliseconds k_busy_retry{1000};

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

struct InFlight {
  std::shared_ptr<EndpointRuntime> endpoint;
  int attempts = 0;
  std::string webhook_id;
  fetch::TransferId transfer = 0;
};

std::int64_t epoch_milliseconds(util::TimePoint time) {
  return std::chrono::duration_cast<milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

class DeliveryWorker::Impl : public std::enable_shared_from_this<Impl> {
 public:
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
  void pump();
  void pump_endpoint(const std::shared_ptr<EndpointRuntime>& endpoint, Epoch now);
  std::optional<milliseconds> next_wake(EndpointRuntime& endpoint, Epoch now);
  void arm_timer(Epoch now);
  bool has_due_work(EndpointRuntime& endpoint, Epoch now);
  void check_drained(Epoch now);
  void send(const std::shared_ptr<EndpointRuntime>& endpoint, store::DeliveryJob job);
  void on_response(std::int64_t delivery_id, fetch::Response response);
  void apply(EndpointRuntime& endpoint, const InFlight& job, std::int64_t delivery_id,
             const Decision& decision, int http_status, Epoch now);
  void disable(EndpointRuntime& endpoint, Epoch now);
  void record(store::DeliveryOutcome outcome);
  void flush_outcomes();
  void store_error(const std::string& doing, const util::Error& error);
  void force_stop();
  void maybe_finish_stop();

  boost::asio::io_context& m_io;
  store::Store& m_store;
  fetch::HttpClient& m_client;
  const util::Clock& m_clock;
  WorkerOptions m_options;
  Jitter m_jitter;
  boost::asio::steady_timer m_timer;
  boost::asio::steady_timer m_stop_timer;

  std::map<std::string, std::shared_ptr<EndpointRuntime>> m_endpoints;
  std::map<std::int64_t, InFlight> m_in_flight;
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
  std::atomic<std::int64_t> m_in_flight_count{0};
};

std::vector<util::Error> DeliveryWorker::Impl::set_endpoints(std::vector<Endpoint> endpoints) {
  std::vector<util::Error> errors;
  std::map<std::string, std::shared_ptr<EndpointRuntime>> runtimes;
  std::vector<std::string> names;
  for (auto& config : endpoints) {
    auto runtime = std::make_shared<EndpointRuntime>();
    runtime->limiter = RateLimiter(effective_rate(config));
    if (auto keys = resolve_secrets(config.secrets)) {
      runtime->keys = std::move(*keys);
    } else {
      runtime->usable = false;
      errors.push_back(util::make_error(
          "webhook '{}': {}; its alerts wait in the outbox until the secret can be read",
          config.name, keys.error().message));
      spdlog::error("{}", errors.back().message);
    }
    names.push_back(config.name);
    runtime->config = std::move(config);
    runtimes[runtime->config.name] = std::move(runtime);
  }
  m_endpoints = std::move(runtimes);
  if (auto killed = m_store.kill_unconfigured_deliveries(names, now()); !killed) {
    store_error("giving up deliveries to removed webhooks", killed.error());
  } else if (*killed > 0) {
    spdlog::warn(
        "{} pending deliveries were to webhooks no longer in the configuration; they are "
        "marked dead (newsmon alerts shows them)",
        *killed);
  }
  request_pump();
  return errors;
}

void DeliveryWorker::Impl::start() {
  m_started = true;
  request_pump();
}

void DeliveryWorker::Impl::request_pump() {
  // Many pokes between two runs of the loop make one pump.
  if (m_pump_posted.exchange(true)) return;
  boost::asio::post(m_io, [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->m_pump_posted = false;
      self->pump();
    }
  });
}

void DeliveryWorker::Impl::pump() {
  if (!m_started || m_stopping) return;
  const Epoch at = now();
  for (const auto& [name, endpoint] : m_endpoints) pump_endpoint(endpoint, at);
  arm_timer(at);
  check_drained(at);
}

void DeliveryWorker::Impl::pump_endpoint(const std::shared_ptr<EndpointRuntime>& endpoint,
                                         Epoch at) {
  if (!endpoint->usable || endpoint->paused_until > at) return;
  if (endpoint->gone) {
    // Alerts stored since the 410 would otherwise wait for ever.
    disable(*endpoint, at);
    return;
  }
  int capacity =
      endpoint->max_in_flight(m_options.max_in_flight_per_endpoint) - endpoint->in_flight;
  capacity = std::min(capacity, endpoint->limiter.available(m_clock.now()));
  if (capacity <= 0) return;
  auto jobs = m_store.lease_deliveries(endpoint->config.name, at, m_options.lease,
                                       static_cast<std::size_t>(capacity));
  if (!jobs) {
    store_error("leasing deliveries", jobs.error());
    return;
  }
  for (auto& job : *jobs) send(endpoint, std::move(job));
}

std::optional<milliseconds> DeliveryWorker::Impl::next_wake(EndpointRuntime& endpoint, Epoch at) {
  if (!endpoint.usable || endpoint.gone) return std::nullopt;
  const std::int64_t now_ms = epoch_milliseconds(m_clock.now());
  if (endpoint.paused_until > at) return milliseconds(endpoint.paused_until * 1000 - now_ms);
  // A full endpoint is pumped again when one of its requests completes.
  if (endpoint.in_flight >= endpoint.max_in_flight(m_options.max_in_flight_per_endpoint)) {
    return std::nullopt;
  }
  auto due = m_store.next_delivery_due(endpoint.config.name, at);
  if (!due) {
    store_error("reading the outbox", due.error());
    return std::nullopt;
  }
  if (!*due) return std::nullopt;
  if (**due > at) return milliseconds(**due * 1000 - now_ms);
  const auto wait = endpoint.limiter.wait(m_clock.now());
  return wait.count() > 0 ? wait : k_busy_retry;
}

void DeliveryWorker::Impl::arm_timer(Epoch at) {
  milliseconds wait = m_options.idle_recheck;
  for (const auto& [name, endpoint] : m_endpoints) {
    if (const auto wake = next_wake(*endpoint, at)) wait = std::min(wait, *wake);
  }
  m_timer.expires_after(std::max(wait, milliseconds(1)));
  m_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (error) return;  // cancelled: re-armed by the next pump, or stopping
    if (auto self = weak.lock()) self->pump();
  });
}

bool DeliveryWorker::Impl::has_due_work(EndpointRuntime& endpoint, Epoch at) {
  if (!endpoint.usable || endpoint.gone || endpoint.paused_until > at) return false;
  const auto due = m_store.next_delivery_due(endpoint.config.name, at);
  return due && *due && **due <= at;
}

void DeliveryWorker::Impl::check_drained(Epoch at) {
  if (m_drained.empty() || !m_in_flight.empty()) return;
  for (const auto& [name, endpoint] : m_endpoints) {
    if (has_due_work(*endpoint, at)) return;
  }
  for (auto& drained : std::exchange(m_drained, {})) boost::asio::post(m_io, std::move(drained));
}

void DeliveryWorker::Impl::when_drained(std::function<void()> drained) {
  m_drained.push_back(std::move(drained));
  request_pump();
}

void DeliveryWorker::Impl::send(const std::shared_ptr<EndpointRuntime>& endpoint,
                                store::DeliveryJob job) {
  auto request = webhook_request(endpoint->config, endpoint->keys, job, now());
  endpoint->limiter.take(m_clock.now());
  ++endpoint->in_flight;
  ++m_in_flight_count;
  auto& in_flight = m_in_flight[job.delivery_id];
  in_flight = {endpoint, job.attempts, job.webhook_id};
  in_flight.transfer =
      m_client.start(std::move(request),
                     [weak = weak_from_this(), id = job.delivery_id](fetch::Response response) {
                       if (auto self = weak.lock()) self->on_response(id, std::move(response));
                     });
}

void DeliveryWorker::Impl::on_response(std::int64_t delivery_id, fetch::Response response) {
  const auto found = m_in_flight.find(delivery_id);
  if (found == m_in_flight.end()) return;  // its lease was given back at stop()
  const InFlight job = std::move(found->second);
  m_in_flight.erase(found);
  --job.endpoint->in_flight;
  --m_in_flight_count;
  if (response.outcome == fetch::Outcome::cancelled) {
    if (auto released = m_store.release_deliveries({delivery_id}); !released) {
      store_error("giving back a lease", released.error());
    }
  } else {
    const Epoch at = now();
    response = explain_timeout(std::move(response), job.endpoint->config.timeout);
    const auto decision =
        decide(retry_schedule_of(job.endpoint->config), job.attempts, response, at, m_jitter);
    const int status = answered(response) ? static_cast<int>(response.status) : 0;
    apply(*job.endpoint, job, delivery_id, decision, status, at);
  }
  maybe_finish_stop();
  request_pump();
}

void DeliveryWorker::Impl::apply(EndpointRuntime& endpoint, const InFlight& job,
                                 std::int64_t delivery_id, const Decision& decision,
                                 int http_status, Epoch at) {
  const std::string& name = endpoint.config.name;
  store::DeliveryOutcome outcome{delivery_id,   store::DeliveryState::pending, at, 0, http_status,
                                 decision.error};
  switch (decision.verdict) {
    case Verdict::delivered:
      outcome.state = store::DeliveryState::delivered;
      ++m_delivered;
      spdlog::info("alert {} delivered to webhook '{}' (HTTP {})", job.webhook_id, name,
                   http_status);
      break;
    case Verdict::retry:
      outcome.next_attempt_at = decision.next_attempt_at;
      ++m_failed_attempts;
      if (decision.pause_endpoint_until) {
        endpoint.paused_until = std::max(endpoint.paused_until, *decision.pause_endpoint_until);
      }
      spdlog::warn("webhook '{}': attempt {} of alert {} failed: {}; next attempt in {} s", name,
                   job.attempts, job.webhook_id, decision.error, decision.next_attempt_at - at);
      break;
    case Verdict::dead:
      outcome.state = store::DeliveryState::dead;
      ++m_failed_attempts;
      ++m_dead;
      spdlog::error(
          "webhook '{}': alert {} is dead: {}; it stays in the database (newsmon alerts shows "
          "it)",
          name, job.webhook_id, decision.error);
      break;
    case Verdict::endpoint_gone:
      outcome.state = store::DeliveryState::dead;
      outcome.error = "the endpoint answered 410 Gone and was disabled";
      ++m_failed_attempts;
      ++m_dead;
      break;
  }
  record(outcome);
  if (decision.verdict == Verdict::endpoint_gone && !endpoint.gone) {
    flush_outcomes();  // before the other rows die, so this one keeps its own status
    endpoint.gone = true;
    ++m_endpoints_gone;
    spdlog::error(
        "webhook '{}' answered 410 Gone: it is disabled and its pending alerts are marked dead. "
        "Fix or remove it in the configuration, then reload (SIGHUP) or restart newsmon",
        name);
    disable(endpoint, at);
  }
}

void DeliveryWorker::Impl::disable(EndpointRuntime& endpoint, Epoch at) {
  auto killed = m_store.kill_deliveries(endpoint.config.name,
                                        "not sent: the endpoint answered 410 Gone earlier", at);
  if (!killed) {
    store_error("marking a gone endpoint's deliveries dead", killed.error());
    return;
  }
  m_dead += static_cast<std::uint64_t>(*killed);
}

void DeliveryWorker::Impl::record(store::DeliveryOutcome outcome) {
  m_outcomes.push_back(std::move(outcome));
  if (m_flush_posted) return;
  // Responses that arrive together are written in one transaction: one disk sync for
  // all instead of one each. The flush runs before the pump this response posts next.
  m_flush_posted = true;
  boost::asio::post(m_io, [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->flush_outcomes();
  });
}

void DeliveryWorker::Impl::flush_outcomes() {
  m_flush_posted = false;
  if (m_outcomes.empty()) return;
  const auto outcomes = std::exchange(m_outcomes, {});
  if (auto status = m_store.record_deliveries(outcomes); !status) {
    // The leases run out and the deliveries are tried again: at least once, never lost.
    store_error(fmt::format("recording {} delivery outcomes", outcomes.size()), status.error());
  }
}

void DeliveryWorker::Impl::store_error(const std::string& doing, const util::Error& error) {
  ++m_store_errors;
  spdlog::error("alerter: {}: {}", doing, error.message);
}

void DeliveryWorker::Impl::stop(milliseconds deadline, std::function<void()> stopped) {
  m_stopping = true;
  m_stopped = std::move(stopped);
  m_timer.cancel();
  if (m_in_flight.empty()) {
    maybe_finish_stop();
    return;
  }
  spdlog::info("alerter: waiting up to {} ms for {} deliveries in flight", deadline.count(),
               m_in_flight.size());
  m_stop_timer.expires_after(deadline);
  m_stop_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (error) return;
    if (auto self = weak.lock()) self->force_stop();
  });
}

void DeliveryWorker::Impl::force_stop() {
  flush_outcomes();
  std::vector<std::int64_t> ids;
  std::vector<fetch::TransferId> transfers;
  for (auto& [id, job] : m_in_flight) {
    ids.push_back(id);
    transfers.push_back(job.transfer);
    --job.endpoint->in_flight;
  }
  m_in_flight.clear();
  m_in_flight_count = 0;
  if (auto released = m_store.release_deliveries(ids); !released) {
    store_error("giving back leases at shutdown", released.error());
  }
  spdlog::info("alerter: gave back {} deliveries still in flight; they are sent after restart",
               ids.size());
  // Only this worker's transfers: the client may be polling feeds too.
  for (const auto transfer : transfers) m_client.cancel(transfer);
  maybe_finish_stop();
}

void DeliveryWorker::Impl::maybe_finish_stop() {
  if (!m_stopping || !m_in_flight.empty() || !m_stopped) return;
  flush_outcomes();
  m_stop_timer.cancel();
  boost::asio::post(m_io, std::exchange(m_stopped, {}));
  for (auto& drained : std::exchange(m_drained, {})) boost::asio::post(m_io, std::move(drained));
}

DeliveryMetrics DeliveryWorker::Impl::metrics() const {
  DeliveryMetrics metrics;
  metrics.delivered = m_delivered;
  metrics.failed_attempts = m_failed_attempts;
  metrics.dead = m_dead;
  metrics.endpoints_gone = m_endpoints_gone;
  metrics.store_errors = m_store_errors;
  metrics.in_flight = m_in_flight_count;
  if (auto stats = m_store.queue_stats(now())) {
    metrics.pending = stats->pending;
    metrics.oldest_pending_age_seconds = stats->oldest_pending_age_seconds;
    metrics.dead_in_store = stats->dead;
  }
  return metrics;
}

DeliveryWorker::DeliveryWorker(boost::asio::io_context& io, store::Store& store,
                               fetch::HttpClient& client, const util::Clock& clock,
                               WorkerOptions options)
    : m_impl(std::make_shared<Impl>(io, store, client, clock, options)) {}

DeliveryWorker::~DeliveryWorker() = default;

std::vector<util::Error> DeliveryWorker::set_endpoints(std::vector<Endpoint> endpoints) {
  return m_impl->set_endpoints(std::move(endpoints));
}

void DeliveryWorker::start() {
  m_impl->start();
}

void DeliveryWorker::poke() {
  m_impl->request_pump();
}

void DeliveryWorker::when_drained(std::function<void()> drained) {
  m_impl->when_drained(std::move(drained));
}

void DeliveryWorker::stop(milliseconds deadline, std::function<void()> stopped) {
  m_impl->stop(deadline, std::move(stopped));
}

DeliveryMetrics DeliveryWorker::metrics() const {
  return m_impl->metrics();
}

}  // namespace newsmon::alert
