#include <catch2/catch.hpp>

#include <set>

#include "daemon/poll/scheduler.h"

using namespace newsmon;
using poll::PollOutcome;
using poll::PollResult;
using poll::Scheduler;
using std::chrono::seconds;

namespace {

constexpr store::Epoch k_start = 1675069920;  // Mon, 30 Jan 2023 09:12:00 GMT

poll::ScheduleConfig config() {
  poll::ScheduleConfig config;
  config.min_interval = seconds(120);
  config.default_interval = seconds(900);
  config.max_interval = seconds(6 * 3600);
  config.max_backoff = seconds(6 * 3600);
  return config;
}

// Jitter-free unless a test asks otherwise: 0.5 is the middle of every random range.
poll::RandomSource fixed(double value) {
  return [value] { return value; };
}

struct Harness {
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  Scheduler scheduler{config(), clock, fixed(0.5)};
  store::FeedState state;

  store::Epoch now() const { return util::to_epoch_seconds(clock.now()); }

  poll::Plan poll(const PollOutcome& outcome, std::optional<seconds> every = std::nullopt) {
    auto plan = scheduler.plan(state, outcome, every);
    Scheduler::apply(plan, state);
    return plan;
  }
};

PollOutcome ok(int new_items) {
  PollOutcome outcome;
  outcome.result = PollResult::ok;
  outcome.new_items = new_items;
  return outcome;
}

PollOutcome failure(PollResult result) {
  PollOutcome outcome;
  outcome.result = result;
  return outcome;
}

// Polls a feed that publishes one item every `gap` for `duration`, always at the
// planned time, and returns the interval the scheduler settled on.
std::int64_t simulate(Harness& harness, seconds gap, seconds duration) {
  store::Epoch next_item = k_start + gap.count();
  harness.poll(ok(20));
  while (harness.now() < k_start + duration.count()) {
    harness.clock.set(util::from_epoch_seconds(harness.state.next_poll_at));
    int new_items = 0;
    while (next_item <= harness.now()) {
      ++new_items;
      next_item += gap.count();
    }
    harness.poll(new_items > 0 ? ok(new_items) : failure(PollResult::not_modified));
  }
  return harness.state.interval_seconds;
}

}  // namespace

TEST_CASE("A feed with no history is polled at the default interval", "[scheduler]") {
  Harness harness;
  const auto plan = harness.poll(ok(0));
  CHECK(plan.interval_seconds == 900);
  CHECK(plan.next_poll_at == k_start + 900);
  CHECK(plan.basis == "default");
}

TEST_CASE("The first interval comes from how far apart the items are dated", "[scheduler]") {
  Harness harness;
  PollOutcome outcome = ok(10);
  for (int i = 0; i < 10; ++i) outcome.item_dates.push_back(k_start - i * 1200);  // every 20 min
  const auto plan = harness.poll(outcome);
  CHECK(plan.publish_gap_seconds == Approx(1200));
  CHECK(plan.interval_seconds == 600);
  CHECK(plan.next_poll_at == k_start + 600);
}

TEST_CASE("A fast feed settles at the minimum interval", "[scheduler]") {
  Harness harness;
  CHECK(simulate(harness, seconds(60), seconds(6 * 3600)) == 120);
  CHECK(harness.state.publish_gap_seconds == Approx(60).margin(5));
}

TEST_CASE("A slow feed settles at the maximum interval", "[scheduler]") {
  Harness harness;
  CHECK(simulate(harness, seconds(12 * 3600), seconds(10 * 86400)) == 6 * 3600);
}

TEST_CASE("A feed publishing every half hour is polled every quarter hour", "[scheduler]") {
  Harness harness;
  const auto interval = simulate(harness, seconds(1800), seconds(3 * 86400));
  CHECK(interval >= 800);
  CHECK(interval <= 1000);
}

TEST_CASE("A feed that goes quiet is polled less and less often", "[scheduler]") {
  Harness harness;
  simulate(harness, seconds(300), seconds(3600));
  const auto busy = harness.state.interval_seconds;
  for (int i = 0; i < 30; ++i) {
    harness.clock.set(util::from_epoch_seconds(harness.state.next_poll_at));
    harness.poll(failure(PollResult::not_modified));
  }
  CHECK(busy <= 300);
  CHECK(harness.state.interval_seconds == 6 * 3600);
}

TEST_CASE("The publisher's ttl, max-age and Expires raise the interval", "[scheduler]") {
  Harness harness;
  PollOutcome outcome = ok(0);
  SECTION("ttl") {
    outcome.ttl = seconds(3600);
    CHECK(harness.poll(outcome).interval_seconds == 3600);
    CHECK(harness.state.next_poll_at == k_start + 3600);
    SECTION("and it stays in force while the feed answers 304") {
      harness.clock.set(util::from_epoch_seconds(harness.state.next_poll_at));
      CHECK(harness.poll(failure(PollResult::not_modified)).interval_seconds == 3600);
    }
  }
  SECTION("max-age") {
    outcome.max_age = seconds(1800);
    const auto plan = harness.poll(outcome);
    CHECK(plan.interval_seconds == 1800);
    CHECK(plan.basis == "max-age");
  }
  SECTION("Expires") {
    outcome.expires_in = seconds(2400);
    CHECK(harness.poll(outcome).interval_seconds == 2400);
  }
  SECTION("but never beyond the maximum interval") {
    outcome.ttl = seconds(86400);
    CHECK(harness.poll(outcome).interval_seconds == 6 * 3600);
  }
  SECTION("a hint shorter than the interval changes nothing") {
    outcome.max_age = seconds(10);
    CHECK(harness.poll(outcome).interval_seconds == 900);
  }
}

TEST_CASE("A per-feed every overrides the adaptive interval and the hints", "[scheduler]") {
  Harness harness;
  PollOutcome outcome = ok(3);
  outcome.ttl = seconds(7200);
  const auto plan = harness.poll(outcome, seconds(600));
  CHECK(plan.interval_seconds == 600);
  CHECK(plan.next_poll_at == k_start + 600);
  CHECK(plan.basis == "every");
}

TEST_CASE("Errors back off exponentially up to the cap", "[scheduler]") {
  Harness harness;
  std::vector<std::int64_t> delays;
  for (int failures = 1; failures <= 12; ++failures) {
    harness.state.consecutive_failures = failures;
    delays.push_back(harness.poll(failure(PollResult::http_error)).next_poll_at - harness.now());
  }
  // With the random source at 0.5 each delay is three quarters of 120 s * 2^(n-1).
  CHECK(delays[0] == 90);
  CHECK(delays[1] == 180);
  CHECK(delays[2] == 360);
  CHECK(delays[5] == 2880);
  CHECK(delays[11] == 6 * 3600 * 3 / 4);
  CHECK(harness.state.next_poll_at > harness.now());
}

TEST_CASE("Backoff jitter keeps at least half the backoff", "[scheduler]") {
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  store::FeedState state;
  state.consecutive_failures = 3;  // backoff 480 s
  const Scheduler low(config(), clock, fixed(0.0));
  const Scheduler high(config(), clock, fixed(0.999));
  CHECK(low.plan(state, failure(PollResult::timeout), {}).next_poll_at == k_start + 240);
  CHECK(high.plan(state, failure(PollResult::timeout), {}).next_poll_at == k_start + 479);
}

TEST_CASE("Retry-After is honoured on 429 and 503", "[scheduler]") {
  Harness harness;
  harness.state.consecutive_failures = 1;
  PollOutcome outcome = failure(PollResult::throttled);
  SECTION("a delay longer than the backoff") {
    outcome.retry_after = seconds(600);
    const auto plan = harness.poll(outcome);
    CHECK(plan.next_poll_at >= k_start + 600);
    CHECK(plan.next_poll_at <= k_start + 660);
    CHECK(plan.basis == "retry-after");
  }
  SECTION("an absurd delay is capped at a day") {
    outcome.retry_after = seconds(365 * 86400);
    const auto plan = harness.poll(outcome);
    CHECK(plan.next_poll_at >= k_start + 86400);
    CHECK(plan.next_poll_at <= k_start + 86400 + 8640);
  }
  SECTION("without Retry-After it is an ordinary backoff") {
    CHECK(harness.poll(outcome).next_poll_at == k_start + 90);
  }
}

TEST_CASE("Failures blamed on our own network retry soon without backoff", "[scheduler]") {
  Harness harness;
  harness.state.consecutive_failures = 7;
  PollOutcome outcome = failure(PollResult::connect_failed);
  outcome.blame = poll::Blame::network;
  const auto plan = harness.poll(outcome);
  CHECK(plan.next_poll_at == k_start + 120);
  CHECK(plan.basis == "network down");
}

TEST_CASE("A failure keeps the feed's regular interval for when it recovers", "[scheduler]") {
  Harness harness;
  harness.state.interval_seconds = 1800;
  harness.state.consecutive_failures = 1;
  CHECK(harness.poll(failure(PollResult::timeout)).interval_seconds == 1800);
}

TEST_CASE("skipHours and skipDays move the next poll to the first allowed hour", "[scheduler]") {
  // k_start is a Monday, 09:12 GMT.
  CHECK(poll::skip_forward(k_start, {9, 10, 11}, {}) == k_start - 12 * 60 + 3 * 3600);
  CHECK(poll::skip_forward(k_start, {8}, {}) == k_start);
  CHECK(poll::skip_forward(k_start, {}, {"Monday", "tuesday"}) ==
        k_start - (9 * 3600 + 12 * 60) + 2 * 86400);
  std::vector<int> every_hour;
  for (int hour = 0; hour < 24; ++hour) every_hour.push_back(hour);
  CHECK(poll::skip_forward(k_start, every_hour, {}) == k_start);

  Harness harness;
  PollOutcome outcome = ok(0);
  outcome.skip_hours = {9, 10};
  CHECK(harness.poll(outcome).next_poll_at == k_start - 12 * 60 + 2 * 3600);
}

TEST_CASE("Jitter spreads feeds planned at the same moment", "[scheduler]") {
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  const Scheduler scheduler(config(), clock, poll::make_random_source());
  std::set<store::Epoch> times;
  for (int feed = 0; feed < 50; ++feed) {
    const auto plan = scheduler.plan(store::FeedState{}, ok(0), std::nullopt);
    CHECK(plan.next_poll_at >= k_start + 810);
    CHECK(plan.next_poll_at <= k_start + 990);
    times.insert(plan.next_poll_at);
  }
  CHECK(times.size() > 25);
}

TEST_CASE("Poll results have stable names and only feed faults count", "[scheduler]") {
  CHECK(std::string(store::poll_result_name(PollResult::not_modified)) == "not_modified");
  CHECK(std::string(store::poll_result_name(PollResult::html_page)) == "html_page");
  CHECK_FALSE(poll::is_feed_failure(PollResult::ok));
  CHECK_FALSE(poll::is_feed_failure(PollResult::internal_error));
  CHECK(poll::is_feed_failure(PollResult::throttled));
  CHECK(poll::is_feed_failure(PollResult::html_page));
}
