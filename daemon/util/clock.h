#pragma once
// Wall-clock time behind an interface so schedulers, retries and windows can be tested
// with a clock that only moves when the test says so.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace newsmon::util {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  /// The current UTC time. Thread-safe.
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

/// A clock for tests: starts at the given time and moves only by set() and advance().
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : m_now(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(m_now.load())); }
  void set(TimePoint time) { m_now = time.time_since_epoch().count(); }
  void advance(std::chrono::milliseconds by) {
    m_now += std::chrono::duration_cast<TimePoint::duration>(by).count();
  }

 private:
  std::atomic<TimePoint::rep> m_now;
};

/// Seconds since the Unix epoch, the unit the store and the payloads use.
inline std::int64_t to_epoch_seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}
inline TimePoint from_epoch_seconds(std::int64_t seconds) {
  return TimePoint(std::chrono::seconds(seconds));
}

/// "2023-01-30T09:12:00Z" for an epoch second.
std::string format_rfc3339(std::int64_t epoch_seconds);

}  // namespace newsmon::util
