// The poller's queues, timers and passes: which feed is polled when, and how many at once.
// What a response means for its feed is in poller_outcome.cpp.

#include "daemon/app/poller.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "daemon/app/poller_impl.h"
#include "daemon/util/url.h"

namespace newsmon::app {
namespace asio = boost::asio;
using boost::system::error_code;
using namespace poller_detail;

util::Status Poller::Impl::set_feeds(const std::vector<FeedConfig>& configured) {
  std::vector<std::string> urls;
  std::unordered_map<std::string, const FeedConfig*> by_url;
  for (const auto& feed : configured) {
    if (by_url.emplace(feed.url, &feed).second) urls.push_back(feed.url);
  }
  auto active = m_store.sync_feeds(urls, now());
  if (!active) return util::make_error("cannot update the feed list: {}", active.error().message);
  for (auto& [id, feed] : m_feeds) feed.active = false;
  for (auto& state : *active) {
    auto [found, inserted] = m_feeds.try_emplace(state.id);
    Feed& feed = found->second;
    if (inserted || !feed.busy) feed.state = std::move(state);
    feed.active = true;
    const auto config = by_url.find(feed.state.configured_url);
    feed.every = config != by_url.end() ? config->second->every : std::nullopt;
  }
  for (auto& pass : m_passes) {
    std::erase_if(pass->waiting, [this](std::int64_t id) { return !m_feeds.at(id).active; });
  }
  {
    std::lock_guard lock(m_counters_mutex);
    m_counters.active_feeds = active->size();
  }
  release(0);  // completes passes left waiting only for removed feeds
  rearm();
  return {};
}

void Poller::Impl::run() {
  m_running = true;
  m_stopped = false;
  rearm();
}

void Poller::Impl::poll_once(bool only_due, std::function<void()> done) {
  auto pass = std::make_shared<Pass>();
  pass->done = std::move(done);
  const auto at = now();
  for (auto& [id, feed] : m_feeds) {
    if (!feed.active || (only_due && feed.state.next_poll_at > at)) continue;
    pass->waiting.insert(id);
  }
  m_passes.push_back(pass);
  for (const auto id : pass->waiting) enqueue(id);
  release(0);
}

void Poller::Impl::stop() {
  m_stopped = true;
  m_running = false;
  m_timer.cancel();
  for (auto& [host, queue] : m_hosts) {
    for (const auto id : queue.waiting) m_feeds.at(id).busy = false;
  }
  m_hosts.clear();
  m_ready.clear();
  m_queued = 0;
  m_client.cancel_all();
  settle_deferred(true);
  auto passes = std::move(m_passes);
  m_passes.clear();
  for (auto& pass : passes) asio::post(m_io, std::move(pass->done));
}

PollerCounters Poller::Impl::counters() const {
  std::lock_guard lock(m_counters_mutex);
  auto copy = m_counters;
  copy.in_flight = m_in_flight;
  return copy;
}

std::vector<store::FeedState> Poller::Impl::feeds() const {
  std::vector<store::FeedState> states;
  for (const auto& [id, feed] : m_feeds) {
    if (feed.active) states.push_back(feed.state);
  }
  return states;
}

void Poller::Impl::enqueue(std::int64_t id) {
  Feed& feed = m_feeds.at(id);
  if (feed.busy || m_stopped) return;
  feed.busy = true;
  feed.discovered = false;
  auto host = util::url_host(feed.state.url);
  HostQueue& queue = m_hosts[host];
  queue.waiting.push_back(id);
  ++m_queued;
  if (!queue.ready && queue.in_flight < m_options.http.per_host) {
    queue.ready = true;
    m_ready.push_back(std::move(host));
  }
  pump();
}

// Hosts take turns, so one host with many feeds cannot hold every slot.
void Poller::Impl::pump() {
  while (!m_stopped && m_in_flight < m_options.max_in_flight && !m_ready.empty()) {
    const std::string host = std::move(m_ready.front());
    m_ready.pop_front();
    HostQueue& queue = m_hosts[host];
    queue.ready = false;
    if (queue.waiting.empty() || queue.in_flight >= m_options.http.per_host) continue;
    const auto id = queue.waiting.front();
    queue.waiting.pop_front();
    --m_queued;
    if (!queue.waiting.empty() && queue.in_flight < m_options.http.per_host) {
      queue.ready = true;
      m_ready.push_back(host);
    }
    Feed& feed = m_feeds.at(id);
    if (!feed.active) {  // removed from the configuration while it waited
      feed.busy = false;
      continue;
    }
    ++queue.in_flight;
    ++m_in_flight;
    m_host_of[id] = host;
    start(feed);
  }
}

void Poller::Impl::start(Feed& feed) {
  const auto& http = m_options.http;
  fetch::Request request;
  request.url = feed.state.url;
  request.if_none_match = feed.state.etag;
  request.if_modified_since = feed.state.last_modified;
  request.limits.connect_timeout = http.connect_timeout;
  request.limits.total_timeout = http.timeout;
  request.limits.low_speed_bytes_per_second = http.low_speed_limit;
  request.limits.low_speed_time = http.low_speed_time;
  request.limits.max_body = http.max_body;
  request.limits.max_redirects = http.max_redirects;
  request.file_urls = http.allow_file_urls ? fetch::FileUrls::allow : fetch::FileUrls::deny;
  const auto id = feed.state.id;
  m_client.start(std::move(request),
                 [this, id](fetch::Response response) { on_response(id, std::move(response)); });
}

void Poller::Impl::release(std::int64_t id) {
  for (auto it = m_passes.begin(); it != m_passes.end();) {
    auto& pass = **it;
    pass.waiting.erase(id);
    if (pass.waiting.empty()) {
      asio::post(m_io, std::move(pass.done));
      it = m_passes.erase(it);
    } else {
      ++it;
    }
  }
  pump();
  rearm();
}

void Poller::Impl::rearm() {
  if (!m_running || m_stopped) return;
  std::optional<store::Epoch> earliest;
  for (const auto& [id, feed] : m_feeds) {
    if (!feed.active || feed.busy) continue;
    earliest = std::min(earliest.value_or(feed.state.next_poll_at), feed.state.next_poll_at);
  }
  auto wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(k_max_sleep);
  if (earliest) {
    const auto until = util::from_epoch_seconds(*earliest) - m_clock.now();
    wait = std::clamp(std::chrono::duration_cast<std::chrono::steady_clock::duration>(until),
                      std::chrono::steady_clock::duration::zero(), wait);
  }
  m_timer.expires_after(wait);
  m_timer.async_wait([weak = weak_from_this()](error_code error) {
    const auto self = weak.lock();
    if (!error && self) self->on_timer();
  });
}

void Poller::Impl::on_timer() {
  const auto at = now();
  if (!m_deferred.empty() && at - m_deferred.front().at >= k_verdict_wait_seconds) {
    settle_deferred(true);
  }
  std::vector<std::pair<store::Epoch, std::int64_t>> due;
  for (const auto& [id, feed] : m_feeds) {
    if (feed.active && !feed.busy && feed.state.next_poll_at <= at) {
      due.emplace_back(feed.state.next_poll_at, id);
    }
  }
  std::sort(due.begin(), due.end());
  for (const auto& [when, id] : due) enqueue(id);
  rearm();
}

Poller::Poller(asio::io_context& io, store::Store& store, const Scheduler& scheduler,
               const util::Clock& clock, PollerOptions options, IngestCallback ingest)
    : m_impl(std::make_shared<Impl>(io, store, scheduler, clock, std::move(options),
                                    std::move(ingest))) {}

Poller::~Poller() = default;

util::Status Poller::set_feeds(const std::vector<FeedConfig>& feeds) {
  return m_impl->set_feeds(feeds);
}
void Poller::run() {
  m_impl->run();
}
void Poller::poll_all_once(std::function<void()> done) {
  m_impl->poll_once(false, std::move(done));
}
void Poller::poll_due_once(std::function<void()> done) {
  m_impl->poll_once(true, std::move(done));
}
void Poller::stop() {
  m_impl->stop();
}
PollerCounters Poller::counters() const {
  return m_impl->counters();
}
std::vector<store::FeedState> Poller::feeds() const {
  return m_impl->feeds();
}

}  // namespace newsmon::app
