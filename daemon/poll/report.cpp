#include "daemon/poll/report.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "daemon/util/duration.h"

namespace newsmon::poll {

void count_poll(PollerCounters& counters, const fetch::Response& response, PollResult result,
                int new_items) {
  const double seconds = std::chrono::duration<double>(response.elapsed).count();
  ++counters.polls[static_cast<std::size_t>(result)];
  counters.wire_bytes += response.wire_bytes;
  counters.new_items += static_cast<std::uint64_t>(std::max(0, new_items));
  counters.poll_seconds_sum += seconds;
  for (std::size_t i = 0; i < k_poll_duration_bounds.size(); ++i) {
    if (seconds <= k_poll_duration_bounds[i]) ++counters.poll_seconds_buckets[i];
  }
  ++counters.poll_seconds_buckets.back();
}

void log_poll(const store::FeedState& state, const PollOutcome& outcome, int previous_failures,
              store::Epoch now) {
  const auto next_in = util::format_duration(
      std::chrono::seconds(std::max<store::Epoch>(0, state.next_poll_at - now)));
  const char* result = store::poll_result_name(state.last_result);
  if (is_feed_failure(outcome.result) || outcome.result == PollResult::internal_error) {
    // The first failure of a run is news; the same failure again is not.
    const auto level = previous_failures == 0 ? spdlog::level::warn : spdlog::level::debug;
    spdlog::log(level, "feed {}: {}: {} (failure {}, next try in {})", state.configured_url, result,
                state.last_error, state.consecutive_failures, next_in);
    return;
  }
  if (previous_failures > 0) {
    spdlog::info("feed {}: answering again after {} failed polls", state.configured_url,
                 previous_failures);
  }
  if (!state.last_error.empty())
    spdlog::warn("feed {}: {}", state.configured_url, state.last_error);
  spdlog::debug("feed {}: {}, {} new, next poll in {}", state.configured_url, result,
                outcome.new_items, next_in);
}

}  // namespace newsmon::poll
