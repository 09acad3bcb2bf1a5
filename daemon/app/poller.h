#pragma once
// The poller: keeps the set of active feeds, fetches each one when the scheduler says it
// is due (with the validators it stored, so unchanged feeds cost a 304), parses what
// changed, hands the items to the ingest callback, records the outcome in the store and
// plans the next poll. It runs on one io_context and never blocks it for long.
//
// Failures are never fatal and never disable a feed: each is recorded with a message
// that names the problem and what to do, and the feed is retried with backoff. When
// every feed fails at once (our own network is down) the failures are not counted
// against the feeds.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/app/config.h"
#include "daemon/app/scheduler.h"
#include "daemon/feed/item.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/result.h"

namespace boost::asio {
class io_context;
}

namespace newsmon::app {

/// Stores the items of a parsed feed the store has not seen and returns how many were
/// new. An error means nothing was stored: the poller keeps the feed's old validators so
/// the same items come again on the next poll, and retries soon.
using IngestCallback =
    std::function<util::Result<int>(const store::FeedState& feed, feed::ParsedFeed&& parsed)>;

/// Upper bounds (seconds) of the poll duration histogram buckets; the last bucket is +Inf.
inline constexpr std::array<double, 9> k_poll_duration_bounds = {0.05, 0.1, 0.25, 0.5, 1,
                                                                 2.5,  5,   10,   30};

/// Counters for metrics, cumulative since the poller was made.
struct PollerCounters {
  std::array<std::uint64_t, store::k_poll_result_count> polls{};  ///< indexed by PollResult
  std::uint64_t wire_bytes = 0;  ///< header and body bytes received (before decompression)
  std::uint64_t new_items = 0;
  std::uint64_t permanent_moves = 0;  ///< feeds whose URL changed after permanent redirects
  std::uint64_t network_outages = 0;  ///< times every feed failed at once
  double poll_seconds_sum = 0;        ///< total duration of finished polls
  /// Polls whose duration was at most k_poll_duration_bounds[i]; the last is every poll.
  std::array<std::uint64_t, k_poll_duration_bounds.size() + 1> poll_seconds_buckets{};
  std::size_t active_feeds = 0;
  std::size_t in_flight = 0;
};

struct PollerOptions {
  HttpConfig http;
  /// Transfers at once; 0 means http.max_connections. Per host, http.per_host applies.
  std::size_t max_in_flight = 0;
};

class Poller {
 public:
  /// The io_context, store, scheduler and clock must outlive the poller. Every method,
  /// and the callbacks it makes, run on the io_context's thread. Throws only when
  /// libcurl cannot be initialised (a start-up fault).
  Poller(boost::asio::io_context& io, store::Store& store, const Scheduler& scheduler,
         const util::Clock& clock, PollerOptions options, IngestCallback ingest);
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

  /// Starts no new poll and cancels those in flight; their feeds keep their old state.
  /// Pending `done` callbacks are called.
  void stop();

  PollerCounters counters() const;
  /// The feeds as the poller holds them now (for `feeds list` of a running daemon, tests).
  std::vector<store::FeedState> feeds() const;

  class Impl;  ///< internal

 private:
  std::shared_ptr<Impl> m_impl;
};

}  // namespace newsmon::app
