#include "daemon/poll/shared_slots.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace newsmon::poll {
namespace {

/// While the store fails, how often a poll asks it for a slot again.
constexpr std::chrono::seconds k_store_retry{5};

}  // namespace

std::chrono::seconds host_slot_lease(std::chrono::milliseconds timeout) {
  return std::chrono::ceil<std::chrono::seconds>(timeout) + std::chrono::seconds(30);
}

SharedHostSlots::SharedHostSlots(store::Store& store, long per_host, std::chrono::seconds lease)
    : m_store(store),
      m_per_host(static_cast<int>(std::clamp(per_host, 1L, 1000L))),
      m_lease(lease),
      m_shared(store.shares_host_slots()) {}

SharedHostSlots::Grant SharedHostSlots::take(const std::string& host, store::Epoch now) {
  if (!m_shared || host.empty()) return {};
  // While the store fails, every poll would wait for its error: ask again now and then.
  const auto at = std::chrono::steady_clock::now();
  if (m_failing && at < m_retry_store_at) return {};
  auto taken = m_store.take_host_slot(host, m_per_host, now, m_lease);
  if (!taken) {
    trouble("taking a slot for a poll", taken.error());
    return {};
  }
  if (m_failing) {
    m_failing = false;
    spdlog::info("the database answers again: polls per host are counted across the daemons");
  }
  if (!*taken) {
    ++m_full_times[host];
    return {false, std::nullopt};
  }
  m_full_times.erase(host);
  return {true, *taken};
}

void SharedHostSlots::give_back(const std::string& host, std::optional<int> slot) {
  if (!slot || m_failing) return;
  // A slot not given back runs out with its lease: the limit holds meanwhile, a bit tighter.
  if (auto status = m_store.release_host_slot(host, *slot); !status) {
    trouble("giving a host slot back", status.error());
  }
}

std::chrono::milliseconds SharedHostSlots::retry_delay(const std::string& host) const {
  const auto found = m_full_times.find(host);
  const int times = found == m_full_times.end() ? 1 : found->second;
  return std::chrono::milliseconds(100 * std::min(times, 10));
}

void SharedHostSlots::trouble(std::string_view doing, const util::Error& error) {
  m_retry_store_at = std::chrono::steady_clock::now() + k_store_retry;
  if (m_failing) return;
  m_failing = true;
  spdlog::warn(
      "{}: {}; counting polls per host in this daemon only (http.per_host each) until the "
      "database answers",
      doing, error.message);
}

}  // namespace newsmon::poll
