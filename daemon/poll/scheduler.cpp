#include "daemon/poll/scheduler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <ctime>
#include <mutex>
#include <random>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"

namespace newsmon::poll {
namespace {

using std::chrono::seconds;

/// A feed is polled twice per expected publication gap: a story is then seen on average
/// a quarter of a gap after it appeared.
constexpr double k_polls_per_gap = 2.0;
/// Weight of the newest observation in the smoothed publication gap.
constexpr double k_gap_smoothing = 0.3;
/// Regular intervals vary by this fraction either way, so feeds added together drift apart.
constexpr double k_jitter = 0.1;
/// How many of a feed's newest dated items estimate its publication gap.
constexpr std::size_t k_dated_items = 20;
/// A Retry-After beyond max(max_backoff, this) is treated as this long.
constexpr seconds k_retry_after_cap{24 * 3600};

constexpr std::array<const char*, 7> k_day_names = {"sunday",   "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};

std::int64_t clamp_interval(double seconds_value, const ScheduleConfig& config) {
  const double low = static_cast<double>(config.min_interval.count());
  const double high =
      static_cast<double>(std::max(config.max_interval, config.min_interval).count());
  return static_cast<std::int64_t>(std::clamp(seconds_value, low, high));
}

/// The average gap between the newest dated items, or 0 when fewer than two are usable.
double gap_from_dates(std::vector<std::int64_t> dates, store::Epoch now) {
  std::erase_if(dates, [now](std::int64_t date) { return date <= 0 || date > now + 3600; });
  std::sort(dates.begin(), dates.end(), std::greater<>());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  if (dates.size() > k_dated_items) dates.resize(k_dated_items);
  if (dates.size() < 2) return 0;
  return static_cast<double>(dates.front() - dates.back()) / static_cast<double>(dates.size() - 1);
}

std::tm utc_time(store::Epoch at) {
  const std::time_t time = static_cast<std::time_t>(at);
  std::tm parts{};
  gmtime_r(&time, &parts);
  return parts;
}

}  // namespace

bool is_feed_failure(PollResult result) {
  switch (result) {
    case PollResult::ok:
    case PollResult::not_modified:
    case PollResult::internal_error:
    case PollResult::cancelled: return false;
    default: return true;
  }
}

RandomSource make_random_source() {
  struct Shared {
    std::mutex mutex;
    std::mt19937_64 engine;
    std::uniform_real_distribution<double> uniform{0.0, 1.0};
  };
  auto shared = std::make_shared<Shared>();
  std::uint64_t seed = 0;
  const auto bytes = util::random_bytes(sizeof(seed));
  std::memcpy(&seed, bytes.data(), sizeof(seed));
  shared->engine.seed(seed);
  return [shared] {
    std::lock_guard lock(shared->mutex);
    return shared->uniform(shared->engine);
  };
}

store::Epoch skip_forward(store::Epoch at, const std::vector<int>& skip_hours,
                          const std::vector<std::string>& skip_days) {
  std::array<bool, 24> hour_skipped{};
  std::array<bool, 7> day_skipped{};
  for (const int hour : skip_hours) {
    if (hour >= 0 && hour < 24) hour_skipped[static_cast<std::size_t>(hour)] = true;
  }
  for (const auto& day : skip_days) {
    const auto name = util::to_lower_ascii(util::trim(day));
    for (std::size_t i = 0; i < k_day_names.size(); ++i) {
      if (name == k_day_names[i]) day_skipped[i] = true;
    }
  }
  // A feed that skips every hour or every day would never be polled: ignore the request.
  if (std::all_of(hour_skipped.begin(), hour_skipped.end(), [](bool skipped) { return skipped; }))
    hour_skipped.fill(false);
  if (std::all_of(day_skipped.begin(), day_skipped.end(), [](bool skipped) { return skipped; }))
    day_skipped.fill(false);

  store::Epoch candidate = at;
  for (int step = 0; step < 8 * 24; ++step) {
    const auto parts = utc_time(candidate);
    if (!hour_skipped[static_cast<std::size_t>(parts.tm_hour)] &&
        !day_skipped[static_cast<std::size_t>(parts.tm_wday)]) {
      return candidate;
    }
    candidate = candidate - candidate % 3600 + 3600;
  }
  return at;
}

Scheduler::Scheduler(ScheduleConfig config, const util::Clock& clock, RandomSource random)
    : m_config(config), m_clock(clock), m_random(std::move(random)) {}

Plan Scheduler::plan(const store::FeedState& state, const PollOutcome& outcome,
                     std::optional<seconds> every) const {
  const store::Epoch now = util::to_epoch_seconds(m_clock.now());
  if (outcome.result == PollResult::ok || outcome.result == PollResult::not_modified) {
    return plan_success(state, outcome, every, now);
  }
  return plan_failure(state, outcome, now);
}

void Scheduler::apply(const Plan& plan, store::FeedState& state) {
  state.next_poll_at = plan.next_poll_at;
  state.interval_seconds = plan.interval_seconds;
  state.publish_gap_seconds = plan.publish_gap_seconds;
  state.last_new_item_at = plan.last_new_item_at;
}

// When the newest of the items appeared: its date when the feed gives a plausible one
// newer than what was known, else the time it was seen.
store::Epoch Scheduler::newest_item_at(const store::FeedState& state, const PollOutcome& outcome,
                                       store::Epoch now) const {
  if (outcome.new_items <= 0) return state.last_new_item_at;
  store::Epoch newest = 0;
  for (const auto date : outcome.item_dates) {
    if (date <= now + 3600) newest = std::max(newest, std::min(date, now));
  }
  return newest > state.last_new_item_at ? newest : now;
}

double Scheduler::estimate_gap(const store::FeedState& state, const PollOutcome& outcome,
                               store::Epoch newest, store::Epoch now) const {
  double gap = state.publish_gap_seconds;
  if (outcome.new_items > 0 && state.last_new_item_at > 0) {
    const double since =
        static_cast<double>(std::max<store::Epoch>(1, newest - state.last_new_item_at));
    const double sample = since / outcome.new_items;
    return gap > 0 ? (1 - k_gap_smoothing) * gap + k_gap_smoothing * sample : sample;
  }
  if (gap <= 0) gap = gap_from_dates(outcome.item_dates, now);
  return gap;
}

Plan Scheduler::plan_success(const store::FeedState& state, const PollOutcome& outcome,
                             std::optional<seconds> every, store::Epoch now) const {
  Plan plan;
  plan.last_new_item_at = newest_item_at(state, outcome, now);
  plan.publish_gap_seconds = estimate_gap(state, outcome, plan.last_new_item_at, now);
  if (every) {
    plan.interval_seconds = every->count();
    plan.basis = "every";
  } else {
    // A feed that has gone quiet for longer than its usual gap is polled less often.
    const double quiet =
        plan.last_new_item_at > 0 ? static_cast<double>(now - plan.last_new_item_at) : 0.0;
    const double gap = std::max(plan.publish_gap_seconds, quiet);
    plan.interval_seconds =
        gap > 0 ? clamp_interval(gap / k_polls_per_gap, m_config)
                : clamp_interval(static_cast<double>(m_config.default_interval.count()), m_config);
    plan.basis = gap > 0 ? "adaptive" : "default";
    // Nothing new: no reason to poll sooner than before (this keeps a <ttl> seen on the
    // last full response in force).
    if (outcome.new_items == 0 && state.interval_seconds > plan.interval_seconds) {
      plan.interval_seconds = clamp_interval(static_cast<double>(state.interval_seconds), m_config);
      plan.basis = "unchanged";
    }
    const std::pair<std::optional<seconds>, const char*> hints[] = {
        {outcome.ttl, "ttl"}, {outcome.max_age, "max-age"}, {outcome.expires_in, "expires"}};
    for (const auto& [hint, name] : hints) {
      if (hint && hint->count() > plan.interval_seconds) {
        plan.interval_seconds = clamp_interval(static_cast<double>(hint->count()), m_config);
        plan.basis = name;
      }
    }
  }
  std::int64_t delay = jittered(plan.interval_seconds, k_jitter);
  if (outcome.retry_after && outcome.retry_after->count() > delay) {
    delay = std::min(outcome.retry_after->count(),
                     std::max(m_config.max_backoff, k_retry_after_cap).count());
    plan.basis = "retry-after";
  }
  plan.next_poll_at = skip_forward(now + delay, outcome.skip_hours, outcome.skip_days);
  if (plan.next_poll_at != now + delay) plan.basis += ", skip hours/days";
  return plan;
}

Plan Scheduler::plan_failure(const store::FeedState& state, const PollOutcome& outcome,
                             store::Epoch now) const {
  Plan plan;
  plan.publish_gap_seconds = state.publish_gap_seconds;
  plan.last_new_item_at = state.last_new_item_at;
  plan.interval_seconds =
      state.interval_seconds > 0
          ? state.interval_seconds
          : clamp_interval(static_cast<double>(m_config.default_interval.count()), m_config);
  const std::int64_t base = std::max<std::int64_t>(1, m_config.min_interval.count());
  if (outcome.result == PollResult::cancelled) {
    plan.next_poll_at = now;
    plan.basis = "cancelled";
    return plan;
  }
  if (!is_feed_failure(outcome.result) || outcome.blame == Blame::network) {
    plan.next_poll_at = now + jittered(base, k_jitter);
    plan.basis = outcome.blame == Blame::network ? "network down" : "retry";
    return plan;
  }
  const int failures = std::clamp(state.consecutive_failures, 1, 40);
  const double backoff =
      std::min(static_cast<double>(base) * std::pow(2.0, failures - 1),
               static_cast<double>(std::max(m_config.max_backoff.count(), base)));
  // Equal jitter: at least half the backoff, so a failing host is not hit early.
  std::int64_t delay = static_cast<std::int64_t>(backoff * (0.5 + 0.5 * m_random()));
  plan.basis = "backoff " + std::to_string(failures);
  if (outcome.retry_after) {
    const auto cap = std::max(m_config.max_backoff, k_retry_after_cap).count();
    const auto asked = std::min(outcome.retry_after->count(), cap);
    if (asked >= delay) {
      delay = asked + static_cast<std::int64_t>(static_cast<double>(asked) * k_jitter * m_random());
      plan.basis = "retry-after";
    }
  }
  plan.next_poll_at = now + std::max<std::int64_t>(1, delay);
  return plan;
}

std::int64_t Scheduler::jittered(std::int64_t seconds_value, double spread) const {
  const double factor = 1.0 + spread * (2.0 * m_random() - 1.0);
  return std::max<std::int64_t>(1, std::llround(static_cast<double>(seconds_value) * factor));
}

}  // namespace newsmon::poll
