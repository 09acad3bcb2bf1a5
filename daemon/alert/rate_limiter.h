#pragma once
// A token bucket: at most `per_second` requests a second on average, with bursts of up
// to one second's worth (at least one request). Time comes from the caller so tests can
// drive it with a fake clock. Not thread-safe.

#include <chrono>

#include "daemon/util/clock.h"

namespace newsmon::alert {

class RateLimiter {
 public:
  /// per_second 0 (or less) means unlimited.
  explicit RateLimiter(double per_second = 0);

  bool limited() const { return m_rate > 0; }
  /// Whole requests that may go now; a large number when unlimited.
  int available(util::TimePoint now);
  /// Spends one request.
  void take(util::TimePoint now);
  /// How long until the next request may go (0 when one may go now).
  std::chrono::milliseconds wait(util::TimePoint now);

 private:
  void refill(util::TimePoint now);

  double m_rate = 0;
  double m_capacity = 1;
  double m_tokens = 1;
  util::TimePoint m_last{};
  bool m_started = false;
};

}  // namespace newsmon::alert
