#include "daemon/web/live.h"

#include <algorithm>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "daemon/web/page_parts.h"

namespace newsmon::web {
namespace {

constexpr std::size_t k_batch = 50;
constexpr int k_ticks_per_keep_alive = 8;

}  // namespace

std::string alert_event(const AlertSummary& alert) {
  const nlohmann::json data = {
      {"id", alert.id},
      {"url", "/alerts/" + std::to_string(alert.id)},
      {"title", alert.title},
      {"raised", format_time(alert.raised_at)},
      {"severity", rules::severity_name(alert.severity)},
      {"rules", alert.rules},
      {"topics", alert.topics},
      {"outlets", alert.outlets},
      {"event", alert.main_event ? rules::event_line(*alert.main_event) : std::string()}};
  // dump() escapes nothing a browser would run: the page inserts it as text.
  return "event: alert\nid: " + std::to_string(alert.id) +
         "\ndata: " + data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

LiveAlerts::LiveAlerts(boost::asio::io_context& io, ConsoleSource& source,
                       std::chrono::milliseconds interval)
    : m_io(io), m_source(source), m_interval(interval), m_timer(io) {}

LiveAlerts::~LiveAlerts() {
  stop();
}

void LiveAlerts::subscribe(std::shared_ptr<ResponseStream> stream, std::int64_t after) {
  if (m_stopped) {
    stream->close();
    return;
  }
  stream->write("retry: 5000\n: newsmon live alerts\n\n");
  m_listeners.push_back({std::move(stream), after});
  check();
  arm();
}

void LiveAlerts::poke() {
  boost::asio::post(m_io, [this] {
    if (!m_stopped && !m_listeners.empty()) check();
  });
}

void LiveAlerts::stop() {
  m_stopped = true;
  m_timer.cancel();
  for (auto& listener : m_listeners) listener.stream->close();
  m_listeners.clear();
}

void LiveAlerts::arm() {
  if (m_armed || m_stopped || m_listeners.empty()) return;
  m_armed = true;
  m_timer.expires_after(m_interval);
  m_timer.async_wait([this](const boost::system::error_code& error) {
    m_armed = false;
    if (error || m_stopped) return;
    if (++m_ticks % k_ticks_per_keep_alive == 0) {
      for (auto& listener : m_listeners) listener.stream->write(": keep-alive\n\n");
    }
    check();
    arm();
  });
}

void LiveAlerts::check() {
  std::erase_if(m_listeners, [](const Listener& listener) { return listener.stream->closed(); });
  if (m_listeners.empty()) return;
  std::int64_t oldest_seen = m_listeners.front().after;
  for (const auto& listener : m_listeners) oldest_seen = std::min(oldest_seen, listener.after);
  // A listener that has seen nothing starts from the newest alert now.
  if (m_newest < 0 || oldest_seen == 0) {
    auto newest = m_source.newer_than(0, 1);
    if (!newest) return;
    m_newest = newest->empty() ? 0 : newest->back().id;
    for (auto& listener : m_listeners) {
      if (listener.after == 0) listener.after = m_newest;
    }
    oldest_seen = m_newest;
    for (const auto& listener : m_listeners) oldest_seen = std::min(oldest_seen, listener.after);
  }
  auto newer = m_source.newer_than(oldest_seen, k_batch);
  if (!newer) return;
  for (const auto& alert : *newer) {
    const auto event = alert_event(alert);
    for (auto& listener : m_listeners) {
      if (alert.id > listener.after) listener.stream->write(event);
    }
    m_newest = std::max(m_newest, alert.id);
  }
  for (auto& listener : m_listeners) listener.after = std::max(listener.after, m_newest);
}

}  // namespace newsmon::web
