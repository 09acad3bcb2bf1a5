#pragma once
// Reading the response headers that say how soon a client may ask again: Retry-After,
// Cache-Control max-age and Expires. Pure functions, no I/O.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace newsmon::fetch {

struct Response;

/// An HTTP date (IMF-fixdate, RFC 850 or asctime form) as Unix seconds, or nullopt.
std::optional<std::int64_t> parse_http_date(std::string_view text);

/// Retry-After as a delay from `now` (Unix seconds): delta-seconds or an HTTP date.
/// A date in the past gives zero; an unreadable value gives nullopt.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view text, std::int64_t now);

/// The max-age (or s-maxage) of a Cache-Control value; nullopt when absent or unreadable.
/// `no-cache`/`no-store` give nullopt too: they ask for nothing about timing.
std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control);

/// What the response's caching headers allow: how long before asking again is useful.
struct CacheHints {
  std::optional<std::chrono::seconds> retry_after;
  std::optional<std::chrono::seconds> max_age;
  std::optional<std::chrono::seconds> expires_in;  ///< Expires minus Date (or minus now)
};

/// Reads the hints from a response's final headers; `now` is Unix seconds.
CacheHints cache_hints(const Response& response, std::int64_t now);

}  // namespace newsmon::fetch
