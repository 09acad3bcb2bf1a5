#pragma once
// Whose fault is a failure to connect? Transport failures (no connection, a timeout) are
// held back for a while: when polls on at least two hosts fail and none answers until no
// answer can come, this machine's network is down and the failures are not counted
// against the feeds; as soon as any response arrives they are the feeds' own.
// Bookkeeping only; the poller concludes the polls it is handed back. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/poll/scheduler.h"
#include "daemon/store/store.h"

namespace newsmon::poll {

/// Held failures wait this long at most for the verdict.
inline constexpr std::int64_t k_verdict_wait_seconds = 60;

class DeferredFailures {
 public:
  struct Failure {
    std::int64_t feed_id = 0;
    std::string host;
    store::Epoch at = 0;  ///< when the poll failed
    PollOutcome outcome;
  };

  void hold(Failure failure) { m_held.push_back(std::move(failure)); }
  bool empty() const { return m_held.empty(); }
  /// True when the oldest held failure has waited its time by `now`.
  bool expired(store::Epoch now) const;

  struct Settled {
    Blame blame = Blame::feed;
    std::size_t hosts = 0;          ///< how many hosts the failures were on
    std::vector<Failure> failures;  ///< each outcome's blame set
  };
  /// Decides and hands back every held failure. `quiet`: no answer is expected any more
  /// (nothing in flight, or the wait is over); otherwise an answer came, so the network
  /// works and the failures are the feeds'.
  Settled settle(bool quiet);

 private:
  std::vector<Failure> m_held;
};

}  // namespace newsmon::poll
