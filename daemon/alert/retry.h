#pragma once
// What to do after an attempt: the retry policy of DESIGN.md section 7 as a pure
// function, so every case can be tested without a network or a clock.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/fetch/cache_headers.h"
#include "daemon/fetch/http_client.h"

namespace newsmon::alert {

using Epoch = std::int64_t;

enum class Verdict {
  delivered,      ///< 2xx
  retry,          ///< try again at next_attempt_at
  dead,           ///< the schedule is exhausted: give up, keep the row visible
  endpoint_gone,  ///< 410: this delivery is dead and the endpoint is disabled
};

struct Decision {
  Verdict verdict = Verdict::retry;
  Epoch next_attempt_at = 0;  ///< for retry
  /// 429/503 with Retry-After: the endpoint takes no request before then.
  std::optional<Epoch> pause_endpoint_until;
  std::string error;  ///< what went wrong, for the row and the log; empty when delivered
};

/// Spreads retries so a burst of failures does not come back as a burst: each delay is
/// scaled by a random factor in [1 - fraction, 1 + fraction].
class Jitter {
 public:
  /// fraction 0 gives exact delays (tests). seed 0 seeds from the system.
  explicit Jitter(double fraction = 0.2, std::uint64_t seed = 0);
  std::chrono::seconds apply(std::chrono::seconds delay);

 private:
  double m_fraction;
  std::mt19937_64 m_random;
};

/// Retry-After is read as fetch reads it for feeds: delta-seconds ("120") or an HTTP date
/// as seconds from now, at least 0; nullopt when unreadable.
using fetch::parse_retry_after;

/// Longest wait a Retry-After may impose; a larger one is cut to this.
inline constexpr std::chrono::seconds k_max_retry_after{24 * 3600};

/// Whether a receiver answered: an HTTP status arrived (a body cut at the limit still
/// counts; what the receiver said is in the status).
bool answered(const fetch::Response& response);

/// Decides after attempt number `attempts` (1 for the first) of a delivery:
/// 2xx delivered; 410 endpoint_gone; any other status (3xx included: redirects are not
/// followed), a timeout or a failed connection is retried after schedule[attempts - 1]
/// with jitter, or dead when the schedule has no such entry. On 429 and 503 a Retry-After
/// header (or Discord's JSON retry_after on 429) sets the retry time instead, and pauses
/// the endpoint until then; it still counts as an attempt, so nothing retries for ever.
Decision decide(const std::vector<std::chrono::seconds>& schedule, int attempts,
                const fetch::Response& response, Epoch now, Jitter& jitter);

}  // namespace newsmon::alert
