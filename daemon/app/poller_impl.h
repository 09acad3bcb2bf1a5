#pragma once
// The poller's internals, shared by poller.cpp (queues, timers, passes) and
// poller_outcome.cpp (what a response means for a feed). Not for use elsewhere.

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/app/poller.h"
#include "daemon/app/poller_response.h"
#include "daemon/fetch/curl_client.h"

namespace newsmon::app {
namespace poller_detail {

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

}  // namespace poller_detail

class Poller::Impl : public std::enable_shared_from_this<Poller::Impl> {
 public:
  using Feed = poller_detail::Feed;
  using HostQueue = poller_detail::HostQueue;
  using Pass = poller_detail::Pass;
  using Deferred = poller_detail::Deferred;
  using Verdict = detail::Verdict;

  Impl(boost::asio::io_context& io, store::Store& store, const Scheduler& scheduler,
       const util::Clock& clock, PollerOptions options, IngestCallback ingest)
      : m_io(io),
        m_store(store),
        m_scheduler(scheduler),
        m_clock(clock),
        m_options(std::move(options)),
        m_ingest(std::move(ingest)),
        m_client(io, client_options(m_options.http)),
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

  boost::asio::io_context& m_io;
  store::Store& m_store;
  const Scheduler& m_scheduler;
  const util::Clock& m_clock;
  PollerOptions m_options;
  IngestCallback m_ingest;
  fetch::CurlClient m_client;
  boost::asio::steady_timer m_timer;

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

}  // namespace newsmon::app
