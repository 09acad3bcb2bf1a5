#pragma once
// A webhook endpoint as configured: where alerts go, how they are shaped and signed,
// which alerts it wants, and how hard to try.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/util/enum_names.h"
#include "daemon/util/result.h"

namespace newsmon::alert {

enum class Format { json, slack, discord, teams };
inline constexpr auto k_format_names =
    util::enum_names<Format>("webhook format", {{Format::json, "json"},
                                                {Format::slack, "slack"},
                                                {Format::discord, "discord"},
                                                {Format::teams, "teams"}});
const char* format_name(Format format);

struct Endpoint {
  std::string name;  ///< unique; deliveries refer to it, logs name it (never the URL)
  std::string url;   ///< may itself be a secret (Slack, Discord): never logged
  /// "env:NAME", "file:PATH", "credential:NAME" (systemd LoadCredential=) or a
  /// "whsec_..." value; several during rotation (each request carries one signature per
  /// secret). None: requests are not signed.
  std::vector<std::string> secrets;
  Format format = Format::json;
  std::vector<std::string> topics;  ///< wanted topics; empty = all
  /// Wanted rule ids ("arms-*"); "!arms-refusal" leaves out the ids it matches. Without a
  /// plain glob every rule not left out is wanted. Empty = all.
  std::vector<std::string> rule_globs;
  std::optional<rules::Severity> min_severity;
  /// Sends one message per window listing its alerts instead of one per alert. Windows
  /// are aligned to the Unix epoch (an hour's run from :00 to :00 UTC). Default: none.
  std::optional<std::chrono::seconds> digest;
  std::chrono::milliseconds timeout{15'000};  ///< whole request. Default: 15 s
  /// Requests per second at most. 0 = the format's own limit: 1 for Slack, 0.5 for
  /// Discord (30 a minute per channel), none for json and teams.
  double max_per_second = 0;
  /// Delays before each retry; when exhausted the delivery is dead. Empty = the default,
  /// default_retry_schedule().
  std::vector<std::chrono::seconds> retry_schedule;
};

/// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 27 hours.
std::vector<std::chrono::seconds> default_retry_schedule();

/// The schedule an endpoint uses: its own, or the default.
const std::vector<std::chrono::seconds>& retry_schedule_of(const Endpoint& endpoint);

/// The request rate an endpoint gets, after the format's defaults; 0 = unlimited.
double effective_rate(const Endpoint& endpoint);

}  // namespace newsmon::alert
