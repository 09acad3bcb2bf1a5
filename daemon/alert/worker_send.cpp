// Sending: a delivery or a digest window as one signed request, and what its answer means
// for the deliveries it carried.

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "daemon/alert/webhook_request.h"
#include "daemon/alert/worker_impl.h"
#include "daemon/store/webhook_id.h"

namespace newsmon::alert {

namespace {

const char* what_of(const Message& message) {
  if (message.digest) return "digest";
  return message.entries.front().update ? "follow-up" : "alert";
}

}  // namespace

void DeliveryWorker::Impl::send_each(const std::shared_ptr<EndpointRuntime>& endpoint,
                                     std::vector<store::DeliveryJob> jobs) {
  for (auto& job : jobs) {
    InFlight in_flight{endpoint, {job.delivery_id}, job.attempts, job.webhook_id, 0};
    send(endpoint, std::move(in_flight), message_of(std::move(job)));
  }
}

void DeliveryWorker::Impl::send_digest(const std::shared_ptr<EndpointRuntime>& endpoint,
                                       std::vector<store::DeliveryJob> jobs) {
  const Epoch end = jobs.front().digest_window.value_or(now());
  const auto length = endpoint->config.digest.value_or(std::chrono::seconds(0)).count();
  InFlight in_flight{endpoint, {}, 0, store::digest_webhook_id(endpoint->config.name, end), 0};
  for (const auto& job : jobs) {
    in_flight.delivery_ids.push_back(job.delivery_id);
    in_flight.attempts = std::max(in_flight.attempts, job.attempts);
  }
  send(endpoint, std::move(in_flight), digest_of(std::move(jobs), {end - length, end}));
}

void DeliveryWorker::Impl::send(const std::shared_ptr<EndpointRuntime>& endpoint, InFlight job,
                                const Message& message) {
  auto request = webhook_request(endpoint->config, endpoint->keys, job.webhook_id, message, now());
  endpoint->limiter.take(m_clock.now());
  ++endpoint->in_flight;
  ++m_in_flight_count;
  const std::int64_t key = job.delivery_ids.front();
  spdlog::debug("webhook '{}': sending {} {} ({} deliveries)", endpoint->config.name,
                what_of(message), job.webhook_id, job.delivery_ids.size());
  auto& in_flight = m_in_flight[key];
  in_flight = std::move(job);
  in_flight.transfer =
      m_client.start(std::move(request), [weak = weak_from_this(), key](fetch::Response response) {
        if (auto self = weak.lock()) self->on_response(key, std::move(response));
      });
}

void DeliveryWorker::Impl::on_response(std::int64_t key, fetch::Response response) {
  const auto found = m_in_flight.find(key);
  if (found == m_in_flight.end()) return;  // its lease was given back at stop()
  const InFlight job = std::move(found->second);
  m_in_flight.erase(found);
  --job.endpoint->in_flight;
  --m_in_flight_count;
  if (response.outcome == fetch::Outcome::cancelled) {
    if (auto released = m_store.release_deliveries(job.delivery_ids); !released) {
      store_error("giving back a lease", released.error());
    }
  } else {
    const Epoch at = now();
    response = explain_timeout(std::move(response), job.endpoint->config.timeout);
    const auto decision =
        decide(retry_schedule_of(job.endpoint->config), job.attempts, response, at, m_jitter);
    const int status = answered(response) ? static_cast<int>(response.status) : 0;
    apply(*job.endpoint, job, decision, status, at);
  }
  maybe_finish_stop();
  request_pump();
}

void DeliveryWorker::Impl::apply(EndpointRuntime& endpoint, const InFlight& job,
                                 const Decision& decision, int http_status, Epoch at) {
  const std::string& name = endpoint.config.name;
  store::DeliveryOutcome outcome{
      0, store::DeliveryState::pending, at, 0, http_status, decision.error};
  const auto count = static_cast<std::uint64_t>(job.delivery_ids.size());
  switch (decision.verdict) {
    case Verdict::delivered:
      outcome.state = store::DeliveryState::delivered;
      m_delivered += count;
      spdlog::info("message {} delivered to webhook '{}' (HTTP {})", job.webhook_id, name,
                   http_status);
      break;
    case Verdict::retry:
      outcome.next_attempt_at = decision.next_attempt_at;
      ++m_failed_attempts;
      if (decision.pause_endpoint_until) {
        endpoint.paused_until = std::max(endpoint.paused_until, *decision.pause_endpoint_until);
      }
      spdlog::warn("webhook '{}': attempt {} of message {} failed: {}; next attempt in {} s", name,
                   job.attempts, job.webhook_id, decision.error, decision.next_attempt_at - at);
      break;
    case Verdict::dead:
      outcome.state = store::DeliveryState::dead;
      ++m_failed_attempts;
      m_dead += count;
      spdlog::error(
          "webhook '{}': message {} is dead: {}; it stays in the database (newsmon alerts "
          "shows it)",
          name, job.webhook_id, decision.error);
      break;
    case Verdict::endpoint_gone:
      outcome.state = store::DeliveryState::dead;
      outcome.error = "the endpoint answered 410 Gone and was disabled";
      ++m_failed_attempts;
      m_dead += count;
      break;
  }
  for (const auto id : job.delivery_ids) {
    outcome.delivery_id = id;
    record(outcome);
  }
  if (decision.verdict == Verdict::endpoint_gone && !endpoint.gone) {
    flush_outcomes();  // before the other rows die, so these keep their own status
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

}  // namespace newsmon::alert
