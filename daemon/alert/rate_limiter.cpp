#include "daemon/alert/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace newsmon::alert {

RateLimiter::RateLimiter(double per_second)
    : m_rate(per_second), m_capacity(std::max(1.0, per_second)), m_tokens(m_capacity) {}

void RateLimiter::refill(util::TimePoint now) {
  if (!m_started) {
    m_started = true;
    m_last = now;
    return;
  }
  // A wall clock set backwards must not stall the endpoint: negative time adds nothing.
  const double elapsed = std::max(0.0, std::chrono::duration<double>(now - m_last).count());
  m_tokens = std::min(m_capacity, m_tokens + elapsed * m_rate);
  m_last = std::max(m_last, now);
}

int RateLimiter::available(util::TimePoint now) {
  if (!limited()) return std::numeric_limits<int>::max();
  refill(now);
  return static_cast<int>(std::floor(m_tokens));
}

void RateLimiter::take(util::TimePoint now) {
  if (!limited()) return;
  refill(now);
  m_tokens -= 1;
}

std::chrono::milliseconds RateLimiter::wait(util::TimePoint now) {
  if (!limited()) return std::chrono::milliseconds(0);
  refill(now);
  if (m_tokens >= 1) return std::chrono::milliseconds(0);
  const double seconds = (1 - m_tokens) / m_rate;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

}  // namespace newsmon::alert
