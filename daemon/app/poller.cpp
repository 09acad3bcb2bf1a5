#include "daemon/app/poller.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/app/poller_response.h"
#include "daemon/feed/parse.h"
#include "daemon/fetch/http_client.h"
#include "daemon/util/duration.h"
#include "daemon/util/url.h"

namespace newsmon::app {
namespace asio = boost::asio;
using boost::system::error_code;
using detail::Verdict;

namespace {

/// The longest the run loop sleeps, so a jump of the wall clock is noticed soon.
constexpr std::chrono::seconds k_max_sleep{60};
/// Transport failures wait this long at most for the verdict "our network is down".
constexpr std::int64_t k_verdict_wait_seconds = 60;

struct Hints {  ///< what the last full response said, for polls answered with 304
  std::optional<std::chrono::seconds> ttl;
  std::vector<int> skip_hours;
  std::vector<std::string> skip_days;
};

struct Feed {
  store::FeedState state;
  std::optional<std::chrono::seconds> every;
  bool active = true;
  bool busy = false;        ///< queued, in flight or awaiting a verdict
  bool discovered = false;  ///< this poll already followed an HTML page to its feed
  Hints hints;
};

struct HostQueue {
  std::deque<std::int64_t> waiting;
  long in_flight = 0;
  bool ready = false;  ///< listed in m_ready
};

struct Pass {
  std::set<std::int64_t> waiting;
  std::function<void()> done;
};

/// A transport failure held back until we know whether our own network is down.
struct Deferred {
  std::int64_t feed_id = 0;
  std::string host;
  store::Epoch at = 0;
  PollOutcome outcome;
};

}  // namespace

class Poller::Impl : public std::enable_shared_from_this<Poller::Impl> {
 public:
  Impl(asio::io_context& io, store::Store& store, const Scheduler& scheduler,
       const util::Clock& clock, PollerOptions options, IngestCallback ingest)
      : m_io(io),
        m_store(store),
        m_scheduler(scheduler),
        m_clock(clock),
        m_options(std::move(options)),
        m_ingest(std::move(ingest)),
        m_client(io, fetch::ClientOptions{m_options.http.user_agent, m_options.http.max_connections,
                                          m_options.http.per_host}),
        m_timer(io) {
    if (m_options.max_in_flight == 0) {
      m_options.max_in_flight =
          static_cast<std::size_t>(std::max(1L, m_options.http.max_connections));
    }
  }

  util::Status set_feeds(const std::vector<FeedConfig>& configured);
  void run();
  void poll_once(bool only_due, std::function<void()> done);
  void stop();
  PollerCounters counters() const;
  std::vector<store::FeedState> feeds() const;

 private:
  store::Epoch now() const { return util::to_epoch_seconds(m_clock.now()); }
  /// No poll in flight or waiting for a slot: no answer can come any more.
  bool idle() const { return m_in_flight == 0 && m_queued == 0; }
  void enqueue(std::int64_t id);
  void pump();
  void start(Feed& feed);
  void on_response(std::int64_t id, fetch::Response response);
  void on_document(Feed& feed, fetch::Response& response, PollOutcome& outcome, Verdict& verdict);
  bool try_discovery(Feed& feed, const fetch::Response& response);
  void record(Feed& feed, const fetch::Response& response, const Verdict& verdict,
              PollOutcome outcome);
  void conclude(Feed& feed, PollOutcome outcome);
  void settle_deferred(bool quiet);
  void release(std::int64_t id);
  void rearm();
  void on_timer();

  asio::io_context& m_io;
  store::Store& m_store;
  const Scheduler& m_scheduler;
  const util::Clock& m_clock;
  PollerOptions m_options;
  IngestCallback m_ingest;
  fetch::HttpClient m_client;
  asio::steady_timer m_timer;

  std::map<std::int64_t, Feed> m_feeds;
  std::unordered_map<std::string, HostQueue> m_hosts;
  std::deque<std::string> m_ready;
  std::unordered_map<std::int64_t, std::string> m_host_of;  ///< feeds in flight
  std::size_t m_in_flight = 0;
  std::size_t m_queued = 0;
  std::vector<std::shared_ptr<Pass>> m_passes;
  std::vector<Deferred> m_deferred;
  bool m_running = false;
  bool m_stopped = false;

  mutable std::mutex m_counters_mutex;
  PollerCounters m_counters;
};

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

void Poller::Impl::on_response(std::int64_t id, fetch::Response response) {
  const auto host = m_host_of.extract(id);
  if (!host.empty()) {
    --m_in_flight;
    auto queue = m_hosts.find(host.mapped());
    if (queue != m_hosts.end()) {
      --queue->second.in_flight;
      if (!queue->second.waiting.empty() && !queue->second.ready) {
        queue->second.ready = true;
        m_ready.push_back(host.mapped());
      }
    }
  }
  Feed& feed = m_feeds.at(id);
  Verdict verdict = detail::classify_response(response, m_options.http);
  if (verdict.result == PollResult::cancelled) {
    feed.busy = false;
    return release(id);
  }
  PollOutcome outcome;
  outcome.result = verdict.result;
  detail::add_response_hints(outcome, response, now());
  if (verdict.result == PollResult::ok) on_document(feed, response, outcome, verdict);
  if (verdict.result == PollResult::html_page && try_discovery(feed, response)) return;
  record(feed, response, verdict, std::move(outcome));
}

void Poller::Impl::on_document(Feed& feed, fetch::Response& response, PollOutcome& outcome,
                               Verdict& verdict) {
  feed::ParseOptions options;
  options.url = response.effective_url;
  options.content_type = response.header("content-type").value_or("");
  auto parsed = feed::parse_feed(response.body, options);
  verdict = detail::classify_document(parsed);
  outcome.result = verdict.result;
  if (verdict.result != PollResult::ok) return;
  detail::add_document_hints(outcome, parsed);
  feed.hints = Hints{outcome.ttl, outcome.skip_hours, outcome.skip_days};
  if (!parsed.feed.title.empty()) feed.state.title = parsed.feed.title;
  if (!parsed.feed.link.empty()) feed.state.site_link = parsed.feed.link;
  auto stored = m_ingest(feed.state, std::move(parsed));
  if (!stored) {
    verdict = {PollResult::internal_error,
               fmt::format("the items could not be stored ({}); they are fetched again on the "
                           "next poll",
                           stored.error().message)};
    outcome.result = verdict.result;
    return;
  }
  outcome.new_items = *stored;
}

// A page where a feed was expected, for a feed never read before: the user probably gave
// the site's address; its <link rel="alternate"> names the feed.
bool Poller::Impl::try_discovery(Feed& feed, const fetch::Response& response) {
  if (feed.discovered || feed.state.last_success_at != 0 || m_stopped) return false;
  for (const auto& link : feed::discover_feed_links(response.body, response.effective_url)) {
    if (link == feed.state.url || link == response.effective_url) continue;
    spdlog::info("feed {}: the address is a web page; polling the feed it announces, {}",
                 feed.state.configured_url, link);
    feed.discovered = true;
    feed.state.url = link;
    auto host = util::url_host(link);
    ++m_in_flight;
    ++m_hosts[host].in_flight;
    m_host_of[feed.state.id] = std::move(host);
    start(feed);
    return true;
  }
  return false;
}

void Poller::Impl::record(Feed& feed, const fetch::Response& response, const Verdict& verdict,
                          PollOutcome outcome) {
  {
    std::lock_guard lock(m_counters_mutex);
    detail::count_poll(m_counters, response, verdict.result, outcome.new_items);
  }
  auto& state = feed.state;
  const auto at = now();
  detail::record_response(state, response, verdict, outcome.new_items, at);
  if (verdict.result == PollResult::not_modified) {
    outcome.ttl = feed.hints.ttl;
    outcome.skip_hours = feed.hints.skip_hours;
    outcome.skip_days = feed.hints.skip_days;
  }
  if (response.outcome == fetch::Outcome::completed &&
      detail::track_permanent_redirect(state, detail::permanent_redirect_target(response))) {
    spdlog::info("feed {}: moved permanently; polling {} from now on", state.configured_url,
                 state.url);
    std::lock_guard lock(m_counters_mutex);
    ++m_counters.permanent_moves;
  }
  if (response.outcome == fetch::Outcome::completed && !m_deferred.empty()) {
    settle_deferred(false);  // an answer came: the network works, the failures are real
  }
  if (detail::is_transport_failure(verdict.result)) {
    m_deferred.push_back({state.id, util::url_host(state.url), at, std::move(outcome)});
    if (idle() || at - m_deferred.front().at >= k_verdict_wait_seconds) settle_deferred(true);
    pump();
    return;
  }
  conclude(feed, std::move(outcome));
  if (idle() && !m_deferred.empty()) settle_deferred(true);
}

// Counts the failure (unless blamed on the network), plans the next poll, saves.
void Poller::Impl::conclude(Feed& feed, PollOutcome outcome) {
  auto& state = feed.state;
  const int previous_failures = state.consecutive_failures;
  if (!is_feed_failure(outcome.result)) {
    if (outcome.result != PollResult::internal_error) {
      state.consecutive_failures = 0;
      state.last_success_at = state.last_poll_at;
    }
  } else if (outcome.blame == Blame::feed) {
    ++state.consecutive_failures;
  } else {
    state.last_error +=
        " (not counted against the feed: every feed failed at once; is this "
        "machine's network down?)";
  }
  Scheduler::apply(m_scheduler.plan(state, outcome, feed.every), state);
  if (auto saved = m_store.save_feed_state(state); !saved) {
    spdlog::error("feed {}: its poll state could not be saved: {}", state.configured_url,
                  saved.error().message);
  }
  detail::log_poll(state, outcome, previous_failures, now());
  feed.busy = false;
  release(state.id);
}

// Decides whether held-back transport failures are the feeds' fault. `quiet`: no answer
// is expected any more (nothing in flight, or the wait is over).
void Poller::Impl::settle_deferred(bool quiet) {
  if (m_deferred.empty()) return;
  std::set<std::string> hosts;
  for (const auto& deferred : m_deferred) hosts.insert(deferred.host);
  const Blame blame = quiet && hosts.size() >= 2 ? Blame::network : Blame::feed;
  if (blame == Blame::network) {
    spdlog::warn(
        "{} feeds on {} hosts failed at once and none answered: is this machine's "
        "network down? Their failures are not counted; they are retried soon",
        m_deferred.size(), hosts.size());
    std::lock_guard lock(m_counters_mutex);
    ++m_counters.network_outages;
  }
  auto deferred = std::move(m_deferred);
  m_deferred.clear();
  for (auto& entry : deferred) {
    entry.outcome.blame = blame;
    conclude(m_feeds.at(entry.feed_id), std::move(entry.outcome));
  }
}

// Called when a feed's poll is over (id 0: none): completes passes and starts more polls.
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
