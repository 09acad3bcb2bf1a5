#include "daemon/poll/verdict.h"

#include <fmt/format.h>

#include "daemon/fetch/cache_headers.h"
#include "daemon/util/duration.h"

namespace newsmon::poll {
namespace {

using fetch::Outcome;

std::string seconds_text(std::chrono::milliseconds duration) {
  return util::format_duration(duration);
}

Verdict transport_verdict(const fetch::Response& response, const HttpConfig& http) {
  switch (response.outcome) {
    case Outcome::timeout:
      return {PollResult::timeout,
              fmt::format("{} (limits: connect {}, whole transfer {}, at least {} bytes/s over "
                          "{}); the server is down or very slow, newsmon retries with backoff",
                          response.error, seconds_text(http.connect_timeout),
                          seconds_text(http.timeout), http.low_speed_limit,
                          seconds_text(http.low_speed_time))};
    case Outcome::too_large:
      return {PollResult::too_large,
              fmt::format("{}; if this feed really is that large, raise http.max_body",
                          response.error)};
    case Outcome::connect_failed:
      return {PollResult::connect_failed,
              fmt::format("could not connect: {}; check the address, and that this machine "
                          "can reach the site",
                          response.error)};
    case Outcome::tls_error:
      return {PollResult::tls_error,
              fmt::format("TLS failed: {}; the site's certificate may be expired or invalid",
                          response.error)};
    case Outcome::bad_url:
      return {PollResult::bad_url, fmt::format("{}; fix the feed's URL", response.error)};
    case Outcome::too_many_redirects:
      return {PollResult::redirect_loop,
              fmt::format("{}; open the URL in a browser and use the address it ends at",
                          response.error)};
    case Outcome::protocol_error:
      return {PollResult::protocol_error,
              fmt::format("the server's answer was broken: {}; newsmon retries with backoff",
                          response.error)};
    case Outcome::cancelled: return {PollResult::cancelled, "the poll was stopped"};
    case Outcome::completed: break;
  }
  return {PollResult::ok, {}};
}

std::string with_warnings(std::string error, const feed::ParseReport& report) {
  for (const auto& warning : report.warnings) {
    if (!error.empty()) error += "; ";
    error += warning;
  }
  return error;
}

std::string status_advice(long status) {
  if (status == 404 || status == 410) {
    return "the feed is not there (any more); find its new address on the site";
  }
  if (status == 401 || status == 403) {
    return "access is denied; the site may need a login or block automated readers";
  }
  if (status >= 500) return "the server failed; newsmon retries with backoff";
  if (status >= 300 && status < 400) {
    return "a redirect without a usable Location; open the URL in a browser";
  }
  return "check the feed's URL";
}

}  // namespace

Verdict classify_response(const fetch::Response& response, const HttpConfig& http) {
  if (response.outcome != Outcome::completed) return transport_verdict(response, http);
  const long status = response.status;
  if (status == 304) return {PollResult::not_modified, {}};
  if (status == 429 || status == 503) {
    const auto retry_after = response.header("retry-after");
    return {PollResult::throttled,
            fmt::format("the server asks to slow down (HTTP {}{}); newsmon waits before "
                        "asking again",
                        status, retry_after ? ", Retry-After: " + *retry_after : std::string())};
  }
  if (status == 204) {
    return {PollResult::not_a_feed, "HTTP 204: the server sent no content; check the feed's URL"};
  }
  if (status >= 200 && status < 300) return {PollResult::ok, {}};
  return {PollResult::http_error, fmt::format("HTTP {}: {}", status, status_advice(status))};
}

Verdict classify_document(const feed::ParsedFeed& parsed) {
  const auto& report = parsed.report;
  if (report.is_feed) {
    // A feed read whole may still have been bounded, repaired or read in another charset
    // than it declared, which is worth a warning.
    if (report.well_formed) return {PollResult::ok, with_warnings(report.error, report)};
    // The entries read before the fault are kept; the message says the feed is damaged.
    return {PollResult::ok,
            with_warnings(fmt::format("the feed is malformed ({}); the entries before the "
                                      "fault were read, the rest are asked for again",
                                      report.error),
                          report),
            false};
  }
  if (report.is_html_page) {
    return {PollResult::html_page,
            "the server sent an HTML page instead of a feed (a bot wall, a login page or the "
            "site's home page?); open the URL in a browser and use the address of its feed"};
  }
  return {PollResult::not_a_feed,
          fmt::format("the response is not an RSS, Atom or JSON feed{}; check the feed's URL",
                      report.error.empty() ? std::string() : " (" + report.error + ")")};
}

Verdict ingest_failed(const util::Error& error) {
  return {PollResult::internal_error,
          fmt::format("the items could not be stored ({}); they are fetched again on the next poll",
                      error.message)};
}

bool is_transport_failure(PollResult result) {
  return result == PollResult::connect_failed || result == PollResult::timeout;
}

void add_response_hints(PollOutcome& outcome, const fetch::Response& response, store::Epoch now) {
  const auto hints = fetch::cache_hints(response, now);
  outcome.retry_after = hints.retry_after;
  outcome.max_age = hints.max_age;
  outcome.expires_in = hints.expires_in;
}

void add_document_hints(PollOutcome& outcome, const feed::ParsedFeed& parsed) {
  const auto& info = parsed.feed;
  if (info.ttl_minutes && *info.ttl_minutes > 0) {
    outcome.ttl = std::chrono::seconds(std::int64_t{*info.ttl_minutes} * 60);
  }
  outcome.skip_hours = info.skip_hours;
  outcome.skip_days = info.skip_days;
  outcome.item_dates.reserve(parsed.items.size());
  for (const auto& item : parsed.items) {
    const auto& date = item.published.has_value() ? item.published : item.updated;
    if (date.has_value()) outcome.item_dates.push_back(date.epoch_seconds);
  }
}

void record_response(store::FeedState& state, const fetch::Response& response,
                     const Verdict& verdict, int new_items, store::Epoch now) {
  state.last_poll_at = now;
  state.last_result = verdict.result;
  state.last_http_status = static_cast<int>(response.status);
  state.last_error = verdict.error;
  state.last_new_items = new_items;
  if (verdict.result == PollResult::ok && verdict.whole) {
    state.etag = response.header("etag").value_or("");
    state.last_modified = response.header("last-modified").value_or("");
  } else if (verdict.result == PollResult::not_modified) {
    if (auto etag = response.header("etag")) state.etag = std::move(*etag);
    if (auto modified = response.header("last-modified"))
      state.last_modified = std::move(*modified);
  }
}

}  // namespace newsmon::poll
