#include "daemon/alert/worker.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/alert/worker_impl.h"

namespace newsmon::alert {
namespace {

using std::chrono::milliseconds;
using Epoch = store::Epoch;

// How long to wait before looking again at an endpoint whose due rows could not be
// leased (another process holds them), so the worker never spins.
constexpr milliseconds k_busy_retry{1000};

std::int64_t epoch_milliseconds(util::TimePoint time) {
  return std::chrono::duration_cast<milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

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
  // A digest window that is due goes first, as one request; also when the endpoint no
  // longer sends digests, so that none is left waiting.
  auto digest = m_store.lease_digest(endpoint->config.name, at, m_options.lease);
  if (!digest) return store_error("leasing a digest", digest.error());
  if (!digest->empty()) {
    send_digest(endpoint, std::move(*digest));
    if (--capacity <= 0) return;
  }
  auto jobs = m_store.lease_deliveries(endpoint->config.name, at, m_options.lease,
                                       static_cast<std::size_t>(capacity));
  if (!jobs) return store_error("leasing deliveries", jobs.error());
  send_each(endpoint, std::move(*jobs));
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

// A full disk fails every write: a line a minute says so, not one per delivery.
void DeliveryWorker::Impl::store_error(const std::string& doing, const util::Error& error) {
  ++m_store_errors;
  const auto held_back = m_store_trouble.admit();
  if (!held_back) return;
  spdlog::error("alerter: {}: {}{}", doing, error.message,
                *held_back == 0 ? std::string()
                                : fmt::format(" ({} more store failures since the last report; "
                                              "reported at most once a minute)",
                                              *held_back));
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
  for (auto& [key, job] : m_in_flight) {
    ids.insert(ids.end(), job.delivery_ids.begin(), job.delivery_ids.end());
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
