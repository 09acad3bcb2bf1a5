#pragma once
// How a feed's last poll ended, as FeedState::last_result records it and `feeds list`
// shows it. Declared here, beside the feed state, so the store keeps it typed and the
// poller (which decides it) and the commands (which show it) share one vocabulary.

#include <cstddef>
#include <optional>
#include <string_view>

namespace newsmon::store {

enum class PollResult {
  ok,              ///< 200 and a feed was read
  not_modified,    ///< 304: nothing new
  http_error,      ///< a 4xx or 5xx status other than 429/503
  throttled,       ///< 429 or 503: the server asks us to slow down
  timeout,         ///< connect, total or low-speed timeout
  too_large,       ///< the body passed http.max_body
  connect_failed,  ///< DNS failure, refused, unreachable
  tls_error,
  bad_url,         ///< malformed URL, or redirected to a scheme other than http/https
  redirect_loop,   ///< more redirects than http.max_redirects
  protocol_error,  ///< malformed HTTP, bad compression, connection closed early
  html_page,       ///< an HTML page where a feed was expected (bot wall, login, site)
  not_a_feed,      ///< the body is neither a feed nor an HTML page
  internal_error,  ///< newsmon could not store what it read (the feed is not to blame)
  cancelled,       ///< the poll was stopped (shutdown)
};

/// How many results there are (for tables indexed by PollResult).
inline constexpr std::size_t k_poll_result_count =
    static_cast<std::size_t>(PollResult::cancelled) + 1;

/// The result's name as stored and shown: "ok", "not_modified", "http_error", ...
const char* poll_result_name(PollResult result);
/// The name of a feed's last result; "" when it was never polled.
const char* poll_result_name(const std::optional<PollResult>& result);
/// The result with this name; nullopt for any other text.
std::optional<PollResult> parse_poll_result(std::string_view name);

}  // namespace newsmon::store
