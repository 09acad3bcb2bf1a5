#include "daemon/poll/report.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/util/duration.h"
#include "daemon/util/redact.h"

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
  const std::string feed = util::redact_url(state.configured_url);
  const std::string error = util::redact_urls_in(state.last_error);
  if (outcome.result == PollResult::internal_error) return;  // log_store_trouble's
  if (is_feed_failure(outcome.result)) {
    // The first failure of a run is news; the same failure again is not.
    const auto level = previous_failures == 0 ? spdlog::level::warn : spdlog::level::debug;
    spdlog::log(level, "feed {}: {}: {} (failure {}, next try in {})", feed, result, error,
                state.consecutive_failures, next_in);
    return;
  }
  if (previous_failures > 0) {
    spdlog::info("feed {}: answering again after {} failed polls", feed, previous_failures);
  }
  if (!state.last_error.empty()) spdlog::warn("feed {}: {}", feed, error);
  spdlog::debug("feed {}: {}, {} new, next poll in {}", feed, result, outcome.new_items, next_in);
}

void log_store_trouble(const store::FeedState& state, std::string_view problem,
                       util::LogThrottle& throttle) {
  const auto held_back = throttle.admit();
  if (!held_back) return;
  spdlog::error("feed {}: {}{}", util::redact_url(state.configured_url), problem,
                *held_back == 0 ? std::string()
                                : fmt::format(" ({} more such failures since the last report; "
                                              "newsmon reports this at most once a minute)",
                                              *held_back));
}

void log_store_recovered(util::LogThrottle& throttle) {
  if (throttle.clear()) {
    spdlog::info("the database takes writes again; the items it refused are being fetched again");
  }
}

}  // namespace newsmon::poll
