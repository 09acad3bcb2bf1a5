#include "daemon/poll/host_queues.h"

#include <algorithm>

namespace newsmon::poll {

HostQueues::HostQueues(std::size_t max_in_flight, long per_host)
    : m_max_in_flight(std::max<std::size_t>(1, max_in_flight)),
      m_per_host(std::max(1L, per_host)) {}

void HostQueues::push(std::int64_t feed_id, const std::string& host) {
  Queue& queue = m_hosts[host];
  queue.waiting.push_back(feed_id);
  ++m_queued;
  make_ready(host, queue);
}

std::optional<HostQueues::Slot> HostQueues::next() {
  while (m_in_flight < m_max_in_flight && !m_ready.empty()) {
    std::string host = std::move(m_ready.front());
    m_ready.pop_front();
    Queue& queue = m_hosts[host];
    queue.ready = false;
    if (queue.held || queue.waiting.empty() || queue.in_flight >= m_per_host) continue;
    const auto feed_id = queue.waiting.front();
    queue.waiting.pop_front();
    --m_queued;
    ++queue.in_flight;
    ++m_in_flight;
    make_ready(host, queue);  // its next feed takes a turn after the other hosts'
    return Slot{feed_id, std::move(host)};
  }
  return std::nullopt;
}

void HostQueues::finished(const std::string& host) {
  if (m_in_flight > 0) --m_in_flight;
  const auto found = m_hosts.find(host);
  if (found == m_hosts.end()) return;
  Queue& queue = found->second;
  if (queue.in_flight > 0) --queue.in_flight;
  make_ready(host, queue);
}

void HostQueues::hold(const Slot& slot) {
  Queue& queue = m_hosts[slot.host];
  queue.waiting.push_front(slot.feed_id);
  ++m_queued;
  queue.held = true;
  finished(slot.host);
}

void HostQueues::resume(const std::string& host) {
  const auto found = m_hosts.find(host);
  if (found == m_hosts.end() || !found->second.held) return;
  found->second.held = false;
  make_ready(host, found->second);
}

std::vector<std::int64_t> HostQueues::clear() {
  std::vector<std::int64_t> waiting;
  for (auto& [host, queue] : m_hosts) {
    waiting.insert(waiting.end(), queue.waiting.begin(), queue.waiting.end());
    queue.waiting.clear();
    queue.ready = false;
    queue.held = false;
  }
  m_ready.clear();
  m_queued = 0;
  return waiting;
}

void HostQueues::make_ready(const std::string& host, Queue& queue) {
  if (queue.ready || queue.held || queue.waiting.empty() || queue.in_flight >= m_per_host) {
    return;
  }
  queue.ready = true;
  m_ready.push_back(host);
}

}  // namespace newsmon::poll
