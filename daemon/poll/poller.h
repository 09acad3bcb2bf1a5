#pragma once
// The poller: keeps the set of active feeds, fetches each one when the scheduler says it
// is due and this instance claimed it in the store (FeedClaims: several daemons may share
// the store) (with the validators it stored, so unchanged feeds cost a 304), parses what
// changed, hands the items to the ingest callback, records the outcome in the store and
// plans the next poll. It runs on one io_context and never blocks it for long.
//
// Failures are never fatal and never disable a feed: each is recorded with a message
// that names the problem and what to do, and the feed is retried with backoff. When
// every feed fails at once (our own network is down) the failures are not counted
// against the feeds.
//
// Its parts, each with its own header: HostQueues (politeness per host), Passes (one-shot
// passes), FeedTable (the feeds held), verdict.h (what a response means), redirects.h,
// DeferredFailures (is the network down?) and report.h (counters and log lines).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/feed/item.h"
#include "daemon/fetch/http_client.h"
#include "daemon/poll/config.h"
#include "daemon/poll/report.h"
#include "daemon/poll/scheduler.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/result.h"

namespace boost::asio {
class io_context;
}

namespace newsmon::poll {

/// Stores the items of a parsed feed the store has not seen and returns how many were
/// new. An error means nothing was stored: the poller keeps the feed's old validators so
/// the same items come again on the next poll, and retries soon.
using IngestCallback =
    std::function<util::Result<int>(const store::FeedState& feed, feed::ParsedFeed&& parsed)>;

struct PollerOptions {
  HttpConfig http;  ///< limits of each poll, and http.per_host polls to one host at once
  /// Polls at once. Default: 0, meaning http.max_connections.
  std::size_t max_in_flight = 0;
  /// How long a claim on a feed lasts (store::Store::claim_feeds). Default: 0, meaning
  /// claim_lease(http.timeout).
  std::chrono::seconds claim_lease{0};
};

class Poller {
 public:
  /// The io_context, HTTP client, store, scheduler and clock must outlive the poller; the
  /// client runs its callbacks on `io`. Every method, and the callbacks it makes, run on
  /// the io_context's thread. The client may be shared (with the alerter): the poller
  /// cancels only its own transfers.
  Poller(boost::asio::io_context& io, fetch::HttpClient& client, store::Store& store,
         const Scheduler& scheduler, const util::Clock& clock, PollerOptions options,
         IngestCallback ingest);
  /// Cancels its polls still in flight, without recording them.
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  /// Makes the configured feeds the active ones (store::Store::sync_feeds): new feeds are
  /// due at once, removed ones stop being polled (a poll in flight still finishes), the
  /// others keep their state and schedule. Used at start-up and on reload.
  util::Status set_feeds(const std::vector<FeedConfig>& feeds);

  /// Polls each feed when it is due, until stop().
  void run();
  /// Polls every active feed once, due or not, then calls `done` (for `newsmon once`).
  void poll_all_once(std::function<void()> done);
  /// Polls the feeds due by the clock now, then calls `done` (tests drive time this way).
  void poll_due_once(std::function<void()> done);

  /// Starts no new poll and cancels those in flight; their feeds keep their old state and
  /// their claims are released. Pending `done` callbacks are called.
  void stop();

  PollerCounters counters() const;
  /// The feeds as the poller holds them now (for `feeds list` of a running daemon, tests).
  std::vector<store::FeedState> feeds() const;

 private:
  class Impl;
  std::shared_ptr<Impl> m_impl;
};

}  // namespace newsmon::poll
