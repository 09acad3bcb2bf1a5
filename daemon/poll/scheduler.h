#pragma once
// When to poll a feed next: pure logic, no I/O. The interval adapts to how often the
// feed publishes, stays within the configured bounds, honours what the publisher asks
// (<ttl>, Cache-Control max-age, Expires, Retry-After, skipHours/skipDays), backs off
// exponentially on errors and spreads feeds out with random jitter. A feed is never
// disabled: every outcome yields a next poll time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daemon/poll/config.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"

namespace newsmon::poll {

using store::PollResult;

/// True for the results that count as the feed's failure (everything but ok, not_modified,
/// internal_error and cancelled).
bool is_feed_failure(PollResult result);

/// Whether a failure counts against the feed: not when every feed failed at once,
/// which says our own network is down.
enum class Blame { feed, network };

/// What the scheduler needs to know about a poll that just ended.
struct PollOutcome {
  PollResult result = PollResult::ok;
  Blame blame = Blame::feed;
  int new_items = 0;
  /// Published (else updated) dates of the feed's items, Unix seconds, any order;
  /// used to estimate how often a feed publishes before it has been watched for long.
  std::vector<std::int64_t> item_dates;

  // What the publisher asks for.
  std::optional<std::chrono::seconds> ttl;          ///< RSS <ttl>
  std::optional<std::chrono::seconds> max_age;      ///< Cache-Control
  std::optional<std::chrono::seconds> expires_in;   ///< Expires
  std::optional<std::chrono::seconds> retry_after;  ///< Retry-After
  std::vector<int> skip_hours;                      ///< RSS <skipHours>, 0..23 GMT
  std::vector<std::string> skip_days;               ///< RSS <skipDays>, "Monday".."Sunday"
};

/// The schedule fields of a FeedState after a poll, and why.
struct Plan {
  store::Epoch next_poll_at = 0;
  std::int64_t interval_seconds = 0;  ///< the regular interval (without backoff or jitter)
  double publish_gap_seconds = 0;
  store::Epoch last_new_item_at = 0;
  std::string basis;  ///< "adaptive", "every", "ttl", "retry-after", "backoff 3", ...
};

/// A source of uniformly distributed numbers in [0, 1).
using RandomSource = std::function<double()>;
/// A pseudo-random source seeded from the system's random bytes.
RandomSource make_random_source();

class Scheduler {
 public:
  /// The clock must outlive the scheduler. Const methods are thread-safe when the
  /// random source is.
  Scheduler(ScheduleConfig config, const util::Clock& clock, RandomSource random);

  /// Plans the next poll of a feed after a poll that ended now. `state` is the feed's
  /// state with the poll's consecutive_failures already counted; `every` is the feed's
  /// fixed interval, when configured.
  Plan plan(const store::FeedState& state, const PollOutcome& outcome,
            std::optional<std::chrono::seconds> every) const;

  /// Copies a plan into a FeedState.
  static void apply(const Plan& plan, store::FeedState& state);

  const ScheduleConfig& config() const { return m_config; }

 private:
  Plan plan_success(const store::FeedState& state, const PollOutcome& outcome,
                    std::optional<std::chrono::seconds> every, store::Epoch now) const;
  Plan plan_failure(const store::FeedState& state, const PollOutcome& outcome,
                    store::Epoch now) const;
  store::Epoch newest_item_at(const store::FeedState& state, const PollOutcome& outcome,
                              store::Epoch now) const;
  double estimate_gap(const store::FeedState& state, const PollOutcome& outcome,
                      store::Epoch newest, store::Epoch now) const;
  std::int64_t jittered(std::int64_t seconds, double spread) const;

  ScheduleConfig m_config;
  const util::Clock& m_clock;
  RandomSource m_random;
};

/// The first time at or after `at` (Unix seconds) outside the skipped hours and days,
/// or `at` itself when nothing is skipped or everything would be.
store::Epoch skip_forward(store::Epoch at, const std::vector<int>& skip_hours,
                          const std::vector<std::string>& skip_days);

}  // namespace newsmon::poll
