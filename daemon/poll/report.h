#pragma once
// How a finished poll is reported: the counters /metrics publishes, and a log line when
// the poll is news (a first failure, a recovery, a damaged feed).

#include <array>
#include <cstddef>
#include <cstdint>

#include "daemon/fetch/http_client.h"
#include "daemon/poll/scheduler.h"
#include "daemon/store/store.h"
#include "daemon/util/log.h"

namespace newsmon::poll {

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
  std::uint64_t claims_refused = 0;  ///< due feeds another daemon held or had just polled
};

/// Adds a finished poll to the counters.
void count_poll(PollerCounters& counters, const fetch::Response& response, PollResult result,
                int new_items);

/// Logs a concluded poll: failures as warnings when they are news, recoveries as info.
/// A poll whose items could not be stored (internal_error) is the store's problem, not the
/// feed's: log_store_trouble() reports it.
void log_poll(const store::FeedState& state, const PollOutcome& outcome, int previous_failures,
              store::Epoch now);

/// Logs that the store refused a write for this feed (a full disk, a read-only file), as an
/// error, at most once a minute however many feeds and polls it hits (`throttle`).
void log_store_trouble(const store::FeedState& state, std::string_view problem,
                       util::LogThrottle& throttle);
/// Logs, once, that the store takes writes again after log_store_trouble() reported it.
void log_store_recovered(util::LogThrottle& throttle);

}  // namespace newsmon::poll
