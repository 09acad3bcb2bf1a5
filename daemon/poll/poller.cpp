// The poller ties its parts together: the feed table says what is due, the host queues
// say what may start, each response is read into a verdict, transport failures wait for
// the network verdict, and every poll ends in conclude(): counted, planned, saved.

#include "daemon/poll/poller.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/feed/parse.h"
#include "daemon/poll/claims.h"
#include "daemon/poll/deferred_failures.h"
#include "daemon/poll/feed_table.h"
#include "daemon/poll/host_queues.h"
#include "daemon/poll/passes.h"
#include "daemon/poll/redirects.h"
#include "daemon/poll/shared_slots.h"
#include "daemon/poll/verdict.h"
#include "daemon/util/redact.h"
#include "daemon/util/url.h"

namespace newsmon::poll {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {

/// The longest the run loop sleeps, so a jump of the wall clock is noticed soon.
constexpr std::chrono::seconds k_max_sleep{60};

std::size_t max_in_flight_of(const PollerOptions& options) {
  if (options.max_in_flight != 0) return options.max_in_flight;
  return static_cast<std::size_t>(std::max(1L, options.http.max_connections));
}

}  // namespace

class Poller::Impl : public std::enable_shared_from_this<Poller::Impl> {
 public:
  Impl(asio::io_context& io, fetch::HttpClient& client, store::Store& store,
       const Scheduler& scheduler, const util::Clock& clock, PollerOptions options,
       IngestCallback ingest)
      : m_io(io),
        m_client(client),
        m_store(store),
        m_scheduler(scheduler),
        m_clock(clock),
        m_options(std::move(options)),
        m_ingest(std::move(ingest)),
        m_hosts(max_in_flight_of(m_options), m_options.http.per_host),
        m_claims(store, m_options.claim_lease.count() != 0 ? m_options.claim_lease
                                                           : claim_lease(m_options.http.timeout)),
        m_slots(store, m_options.http.per_host, host_slot_lease(m_options.http.timeout)),
        m_timer(io),
        m_slot_timer(io) {}
  ~Impl();

  util::Status set_feeds(const std::vector<FeedConfig>& configured);
  void run();
  void poll_once(bool only_due, std::function<void()> done);
  void stop();
  PollerCounters counters() const;
  std::vector<store::FeedState> feeds() const { return m_feeds.active_states(); }

 private:
  struct InFlight {
    fetch::TransferId transfer = 0;
    std::string host;
    std::optional<int> shared_slot;  ///< the host slot taken in the store, if any
  };

  store::Epoch now() const { return util::to_epoch_seconds(m_clock.now()); }
  /// No poll in flight or waiting for a slot: no answer can come any more.
  bool idle() const { return m_hosts.in_flight() == 0 && m_hosts.queued() == 0; }
  template <typename Change>
  void count(Change&& change) {
    std::lock_guard lock(m_counters_mutex);
    change(m_counters);
  }
  void enqueue(std::int64_t id);
  void pump();
  void start(PolledFeed& feed, std::string host, std::optional<int> shared_slot);
  void wait_for_slot(const HostQueues::Slot& slot);
  void arm_slot_timer(std::chrono::steady_clock::time_point at);
  void resume_hosts();
  void cancel_own_transfers();
  void on_response(std::int64_t id, fetch::Response response);
  void on_document(PolledFeed& feed, fetch::Response& response, PollOutcome& outcome,
                   Verdict& verdict);
  bool try_discovery(PolledFeed& feed, const fetch::Response& response);
  void record(PolledFeed& feed, const fetch::Response& response, const Verdict& verdict,
              PollOutcome outcome);
  void conclude(PolledFeed& feed, PollOutcome outcome);
  void settle_deferred(bool quiet);
  void release(std::int64_t id);
  void rearm();
  void on_timer();

  asio::io_context& m_io;
  fetch::HttpClient& m_client;
  store::Store& m_store;
  const Scheduler& m_scheduler;
  const util::Clock& m_clock;
  PollerOptions m_options;
  IngestCallback m_ingest;
  FeedTable m_feeds;
  HostQueues m_hosts;
  FeedClaims m_claims;
  SharedHostSlots m_slots;
  Passes m_passes;
  DeferredFailures m_deferred;
  std::unordered_map<std::int64_t, InFlight> m_in_flight;  ///< by feed id
  asio::steady_timer m_timer;
  /// Hosts whose slots other daemons hold, and when to ask for one again.
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> m_held_hosts;
  asio::steady_timer m_slot_timer;
  bool m_running = false;
  bool m_stopped = false;

  mutable std::mutex m_counters_mutex;
  PollerCounters m_counters;
  util::LogThrottle m_store_trouble;  ///< store failures, logged once a minute
};

Poller::Impl::~Impl() {
  // Their callbacks find this poller gone and do nothing; the client's slots are freed.
  cancel_own_transfers();
  std::vector<std::int64_t> busy;
  for (const auto id : m_feeds.active_ids()) {
    if (m_feeds.at(id).busy) busy.push_back(id);
  }
  if (!busy.empty()) m_claims.release(busy);
}

util::Status Poller::Impl::set_feeds(const std::vector<FeedConfig>& configured) {
  const FeedList list = unique_feeds(configured);
  auto active = m_store.sync_feeds(list.urls, now());
  if (!active) return util::make_error("cannot update the feed list: {}", active.error().message);
  const std::size_t active_count = m_feeds.sync(std::move(*active), list);
  m_passes.forget([this](std::int64_t id) { return !m_feeds.at(id).active; });
  count([active_count](PollerCounters& counters) { counters.active_feeds = active_count; });
  release(0);  // completes passes left waiting only for removed feeds
  return {};
}

void Poller::Impl::run() {
  m_running = true;
  m_stopped = false;
  rearm();
}

void Poller::Impl::poll_once(bool only_due, std::function<void()> done) {
  const auto at = now();
  const auto scope = only_due ? store::ClaimScope::due : store::ClaimScope::any;
  const auto ids = m_claims.claim(
      m_feeds, m_feeds.active_ids(only_due ? std::optional(at) : std::nullopt), at, scope);
  m_claims.renew(m_feeds, at);
  m_passes.add({ids.begin(), ids.end()}, std::move(done));
  for (const auto id : ids) enqueue(id);
  release(0);
}

void Poller::Impl::stop() {
  m_stopped = true;
  m_running = false;
  m_timer.cancel();
  m_slot_timer.cancel();
  m_held_hosts.clear();
  const auto waiting = m_hosts.clear();
  for (const auto id : waiting) m_feeds.at(id).busy = false;
  if (!waiting.empty()) m_claims.release(waiting);
  cancel_own_transfers();
  settle_deferred(true);
  for (auto& done : m_passes.take_all()) asio::post(m_io, std::move(done));
}

PollerCounters Poller::Impl::counters() const {
  std::lock_guard lock(m_counters_mutex);
  auto copy = m_counters;
  copy.in_flight = m_hosts.in_flight();
  copy.claims_refused = m_claims.refused();
  return copy;
}

void Poller::Impl::enqueue(std::int64_t id) {
  PolledFeed& feed = m_feeds.at(id);
  if (feed.busy || m_stopped) return;
  feed.busy = true;
  feed.discovered = false;
  m_hosts.push(id, util::url_host(feed.state.url));
  pump();
}

void Poller::Impl::pump() {
  while (!m_stopped) {
    auto slot = m_hosts.next();
    if (!slot) return;
    PolledFeed& feed = m_feeds.at(slot->feed_id);
    if (!feed.active) {  // removed from the configuration while it waited
      feed.busy = false;
      m_claims.release({slot->feed_id});
      m_hosts.finished(slot->host);
      continue;
    }
    auto grant = m_slots.take(slot->host, now());
    if (!grant.may_start) {
      wait_for_slot(*slot);
      continue;
    }
    start(feed, std::move(slot->host), grant.slot);
  }
}

// Every slot of the host is held by other daemons: its feeds wait, the others go on.
void Poller::Impl::wait_for_slot(const HostQueues::Slot& slot) {
  m_hosts.hold(slot);
  const auto at = std::chrono::steady_clock::now() + m_slots.retry_delay(slot.host);
  m_held_hosts[slot.host] = at;
  // Armed already for an earlier host: that one re-arms it for the rest.
  if (m_held_hosts.size() == 1 || at < m_slot_timer.expiry()) arm_slot_timer(at);
}

void Poller::Impl::arm_slot_timer(std::chrono::steady_clock::time_point at) {
  m_slot_timer.expires_at(at);
  m_slot_timer.async_wait([weak = weak_from_this()](error_code error) {
    const auto self = weak.lock();
    if (!error && self) self->resume_hosts();
  });
}

void Poller::Impl::resume_hosts() {
  const auto at = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> next;
  for (auto it = m_held_hosts.begin(); it != m_held_hosts.end();) {
    if (it->second <= at) {
      m_hosts.resume(it->first);
      it = m_held_hosts.erase(it);
    } else {
      next = next ? std::min(*next, it->second) : it->second;
      ++it;
    }
  }
  if (next) arm_slot_timer(*next);
  pump();
}

void Poller::Impl::start(PolledFeed& feed, std::string host, std::optional<int> shared_slot) {
  fetch::Request request;
  request.url = feed.state.url;
  request.if_none_match = feed.state.etag;
  request.if_modified_since = feed.state.last_modified;
  request.limits = feed_limits(m_options.http);
  request.file_urls =
      m_options.http.allow_file_urls ? fetch::FileUrls::allow : fetch::FileUrls::deny;
  const auto id = feed.state.id;
  const auto transfer =
      m_client.start(std::move(request), [weak = weak_from_this(), id](fetch::Response response) {
        if (const auto self = weak.lock()) self->on_response(id, std::move(response));
      });
  m_in_flight[id] = {transfer, std::move(host), shared_slot};
}

// Only the poller's own: the client may be sending webhooks too. The callbacks run now.
void Poller::Impl::cancel_own_transfers() {
  std::vector<fetch::TransferId> transfers;
  for (const auto& [id, flight] : m_in_flight) transfers.push_back(flight.transfer);
  for (const auto transfer : transfers) m_client.cancel(transfer);
}

void Poller::Impl::on_response(std::int64_t id, fetch::Response response) {
  if (auto flight = m_in_flight.extract(id)) {
    const InFlight& ended = flight.mapped();
    m_hosts.finished(ended.host);
    m_slots.give_back(ended.host, ended.shared_slot);
  }
  PolledFeed& feed = m_feeds.at(id);
  Verdict verdict = classify_response(response, m_options.http);
  if (verdict.result == PollResult::cancelled) {
    feed.busy = false;
    m_claims.release({id});
    return release(id);
  }
  PollOutcome outcome;
  outcome.result = verdict.result;
  add_response_hints(outcome, response, now());
  if (verdict.result == PollResult::ok) on_document(feed, response, outcome, verdict);
  if (verdict.result == PollResult::html_page && try_discovery(feed, response)) return;
  record(feed, response, verdict, std::move(outcome));
}

void Poller::Impl::on_document(PolledFeed& feed, fetch::Response& response, PollOutcome& outcome,
                               Verdict& verdict) {
  feed::ParseOptions options;
  options.url = response.effective_url;
  options.content_type = response.header("content-type").value_or("");
  options.max_text = m_options.http.max_body;
  auto parsed = feed::parse_feed(response.body, options);
  verdict = classify_document(parsed);
  outcome.result = verdict.result;
  if (verdict.result != PollResult::ok) return;
  add_document_hints(outcome, parsed);
  feed.hints = PublisherHints{outcome.ttl, outcome.skip_hours, outcome.skip_days};
  if (!parsed.feed.title.empty()) feed.state.title = parsed.feed.title;
  if (!parsed.feed.link.empty()) feed.state.site_link = parsed.feed.link;
  auto stored = m_ingest(feed.state, std::move(parsed));
  if (!stored) {
    verdict = ingest_failed(stored.error());
    outcome.result = verdict.result;
    return;
  }
  outcome.new_items = *stored;
}

// A page where a feed was expected, for a feed never read before: the user probably gave
// the site's address; its <link rel="alternate"> names the feed.
bool Poller::Impl::try_discovery(PolledFeed& feed, const fetch::Response& response) {
  if (feed.discovered || feed.state.last_success_at != 0 || m_stopped) return false;
  for (const auto& link : feed::discover_feed_links(response.body, response.effective_url)) {
    if (link == feed.state.url || link == response.effective_url) continue;
    spdlog::info("feed {}: the address is a web page; polling the feed it announces, {}",
                 util::redact_url(feed.state.configured_url), util::redact_url(link));
    feed.discovered = true;
    feed.state.url = link;
    m_hosts.push(feed.state.id, util::url_host(link));  // at its host's limits, as any poll
    pump();
    return true;
  }
  return false;
}

void Poller::Impl::record(PolledFeed& feed, const fetch::Response& response, const Verdict& verdict,
                          PollOutcome outcome) {
  count([&](PollerCounters& counters) {
    count_poll(counters, response, verdict.result, outcome.new_items);
  });
  auto& state = feed.state;
  const auto at = now();
  record_response(state, response, verdict, outcome.new_items, at);
  if (verdict.result == PollResult::not_modified) {
    outcome.ttl = feed.hints.ttl;
    outcome.skip_hours = feed.hints.skip_hours;
    outcome.skip_days = feed.hints.skip_days;
  }
  const bool answered = response.outcome == fetch::Outcome::completed;
  if (answered && track_permanent_redirect(state, permanent_redirect_target(response))) {
    spdlog::info("feed {}: moved permanently; polling {} from now on",
                 util::redact_url(state.configured_url), util::redact_url(state.url));
    count([](PollerCounters& counters) { ++counters.permanent_moves; });
  }
  if (answered && !m_deferred.empty()) {
    settle_deferred(false);  // an answer came: the network works, the failures are real
  }
  if (is_transport_failure(verdict.result)) {
    m_deferred.hold({state.id, util::url_host(state.url), at, std::move(outcome)});
    if (idle() || m_deferred.expired(at)) settle_deferred(true);
    pump();
    return;
  }
  conclude(feed, std::move(outcome));
  if (idle() && !m_deferred.empty()) settle_deferred(true);
}

// Counts the failure (unless blamed on the network), plans the next poll, saves.
void Poller::Impl::conclude(PolledFeed& feed, PollOutcome outcome) {
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
  if (outcome.result == PollResult::internal_error) {
    log_store_trouble(state, state.last_error, m_store_trouble);
  } else if (outcome.new_items > 0) {
    log_store_recovered(m_store_trouble);
  }
  if (auto saved = m_store.save_feed_state(state); !saved) {
    log_store_trouble(state, "its poll state could not be saved: " + saved.error().message,
                      m_store_trouble);
  }
  log_poll(state, outcome, previous_failures, now());
  state.lease_holder.clear();  // saving released the claim
  state.lease_until = 0;
  feed.busy = false;
  release(state.id);
}

void Poller::Impl::settle_deferred(bool quiet) {
  if (m_deferred.empty()) return;
  auto settled = m_deferred.settle(quiet);
  if (settled.blame == Blame::network) {
    spdlog::warn(
        "{} feeds on {} hosts failed at once and none answered: is this machine's "
        "network down? Their failures are not counted; they are retried soon",
        settled.failures.size(), settled.hosts);
    count([](PollerCounters& counters) { ++counters.network_outages; });
  }
  for (auto& failure : settled.failures) {
    conclude(m_feeds.at(failure.feed_id), std::move(failure.outcome));
  }
}

// Called when a feed's poll is over (id 0: none): completes passes and starts more polls.
void Poller::Impl::release(std::int64_t id) {
  for (auto& done : m_passes.release(id)) asio::post(m_io, std::move(done));
  pump();
  rearm();
}

void Poller::Impl::rearm() {
  if (!m_running || m_stopped) return;
  using Duration = std::chrono::steady_clock::duration;
  auto wait = std::chrono::duration_cast<Duration>(k_max_sleep);
  if (const auto earliest = m_feeds.earliest_next_poll()) {
    const auto until = util::from_epoch_seconds(*earliest) - m_clock.now();
    wait = std::clamp(std::chrono::duration_cast<Duration>(until), Duration::zero(), wait);
  }
  m_timer.expires_after(wait);
  m_timer.async_wait([weak = weak_from_this()](error_code error) {
    const auto self = weak.lock();
    if (!error && self) self->on_timer();
  });
}

void Poller::Impl::on_timer() {
  const auto at = now();
  if (m_deferred.expired(at)) settle_deferred(true);
  const auto due = m_feeds.due(at);
  if (!due.empty()) {
    for (const auto id : m_claims.claim(m_feeds, due, at, store::ClaimScope::due)) enqueue(id);
  }
  m_claims.renew(m_feeds, at);
  rearm();
}

Poller::Poller(asio::io_context& io, fetch::HttpClient& client, store::Store& store,
               const Scheduler& scheduler, const util::Clock& clock, PollerOptions options,
               IngestCallback ingest)
    : m_impl(std::make_shared<Impl>(io, client, store, scheduler, clock, std::move(options),
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

}  // namespace newsmon::poll
