#pragma once
// A webhook endpoint as configured: where alerts go, how they are shaped and signed,
// which alerts it wants, and how hard to try.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "daemon/rules/match.h"

namespace newsmon::alert {

enum class Format { json, slack, discord, teams };

struct Endpoint {
  std::string name;  ///< unique; deliveries refer to it
  std::string url;
  std::vector<std::string>
      secrets;  ///< "env:NAME", "file:PATH" or "whsec_..."; several during rotation
  Format format = Format::json;
  std::vector<std::string> topics;      ///< wanted topics; empty = all
  std::vector<std::string> rule_globs;  ///< wanted rule ids ("arms-*"); empty = all
  std::optional<rules::Severity> min_severity;
  std::chrono::milliseconds timeout{15'000};
  double max_per_second = 0;  ///< 0 = no limit
  /// Delays before each retry; when exhausted the delivery is dead. Default ≈ 27 h.
  std::vector<std::chrono::seconds> retry_schedule;
};

}  // namespace newsmon::alert
