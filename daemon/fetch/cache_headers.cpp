#include "daemon/fetch/cache_headers.h"

#include <charconv>
#include <string>

#include <curl/curl.h>

#include "daemon/fetch/http_client.h"
#include "daemon/util/text.h"

namespace newsmon::fetch {
namespace {

std::optional<std::int64_t> parse_seconds(std::string_view digits) {
  digits = util::trim(digits);
  if (digits.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  const std::string copy(util::trim(text));
  if (copy.empty()) return std::nullopt;
  const time_t parsed = curl_getdate(copy.c_str(), nullptr);
  if (parsed == -1) return std::nullopt;
  return static_cast<std::int64_t>(parsed);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view text, std::int64_t now) {
  if (const auto seconds = parse_seconds(text)) return std::chrono::seconds(*seconds);
  if (const auto date = parse_http_date(text)) {
    return std::chrono::seconds(*date > now ? *date - now : 0);
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control) {
  std::optional<std::chrono::seconds> max_age;
  for (auto directive : util::split(cache_control, ',')) {
    directive = util::trim(directive);
    const auto equals = directive.find('=');
    const auto name = util::to_lower_ascii(util::trim(directive.substr(0, equals)));
    if (name == "no-cache" || name == "no-store") return std::nullopt;
    if ((name != "max-age" && name != "s-maxage") || equals == std::string_view::npos) continue;
    auto value = util::trim(directive.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (const auto seconds = parse_seconds(value)) {
      max_age = std::max(max_age.value_or(std::chrono::seconds(0)), std::chrono::seconds(*seconds));
    }
  }
  return max_age;
}

CacheHints cache_hints(const Response& response, std::int64_t now) {
  CacheHints hints;
  if (const auto retry_after = response.header("retry-after")) {
    hints.retry_after = parse_retry_after(*retry_after, now);
  }
  if (const auto cache_control = response.header("cache-control")) {
    hints.max_age = parse_max_age(*cache_control);
  }
  if (const auto expires = response.header("expires")) {
    // Relative to the server's own clock when it sent one, so clock skew does not matter.
    std::int64_t reference = now;
    if (const auto date = response.header("date")) reference = parse_http_date(*date).value_or(now);
    if (const auto at = parse_http_date(*expires); at && *at > reference) {
      hints.expires_in = std::chrono::seconds(*at - reference);
    }
  }
  return hints;
}

}  // namespace newsmon::fetch
