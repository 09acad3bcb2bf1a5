#pragma once
// Reading rows into values, the same for every backend: a Row is anything with int64(),
// integer(), real(), text(), optional_int64() by 0-based column (sqlite::Statement,
// postgres::Row). The JSON columns (arrays of names, snippets, hits, events) hold the
// same text in every backend. Private to store/.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/records.h"
#include "daemon/store/store.h"

namespace newsmon::store::rows {

/// A JSON array of texts; empty for anything else (a column edited by hand).
std::vector<std::string> string_array(std::string_view json_text);
/// A severity by name; medium for an unknown one.
rules::Severity severity_of(std::string_view name);
std::string snippet_json(const Snippet& snippet);
/// The snippet a column holds; an empty one for anything unreadable.
Snippet parse_snippet(std::string_view json_text);

/// The name a silence state has in the silences query ('active', 'expired', 'all').
const char* silence_state_name(SilenceState state);
/// A LIKE pattern (escape character '\\') for the text anywhere; '' for no text.
std::string like_pattern(const std::string& text);

/// The notice in three columns from `first`: rules (JSON), topics (JSON), severity.
template <typename Row>
Notice notice_of(const Row& row, int first) {
  return {string_array(row.text(first)), string_array(row.text(first + 1)),
          severity_of(row.text(first + 2))};
}

/// Columns: id, configured_url, url, title, site_link, active, etag, last_modified,
/// last_poll_at, last_result, last_http_status, last_error, last_new_items,
/// consecutive_failures, last_success_at, next_poll_at, interval_seconds,
/// publish_gap_seconds, last_new_item_at, redirect_candidate, redirect_streak,
/// lease_holder ('' for none), lease_until (0 for none).
template <typename Row>
FeedState read_feed(const Row& row) {
  FeedState feed;
  feed.id = row.int64(0);
  feed.configured_url = row.text(1);
  feed.url = row.text(2);
  feed.title = row.text(3);
  feed.site_link = row.text(4);
  feed.active = row.int64(5) != 0;
  feed.etag = row.text(6);
  feed.last_modified = row.text(7);
  feed.last_poll_at = row.int64(8);
  feed.last_result = parse_poll_result(row.text(9));
  feed.last_http_status = row.integer(10);
  feed.last_error = row.text(11);
  feed.last_new_items = row.integer(12);
  feed.consecutive_failures = row.integer(13);
  feed.last_success_at = row.int64(14);
  feed.next_poll_at = row.int64(15);
  feed.interval_seconds = row.int64(16);
  feed.publish_gap_seconds = row.real(17);
  feed.last_new_item_at = row.int64(18);
  feed.redirect_candidate = row.text(19);
  feed.redirect_streak = row.integer(20);
  feed.lease_holder = row.text(21);
  feed.lease_until = row.int64(22);
  return feed;
}

/// Columns: id, item_id, created_at, rule_id, rule_title, severity, topics, hits, events.
/// The JSON columns are written by ingest(); a row edited by hand into something else is
/// reported, not thrown.
template <typename Row>
util::Result<StoredMatch> read_match(const Row& row) {
  StoredMatch stored;
  stored.item_id = row.int64(1);
  stored.matched_at = row.int64(2);
  rules::Match& match = stored.match;
  match.rule_id = row.text(3);
  match.rule_title = row.text(4);
  match.severity = severity_of(row.text(5));
  match.topics = string_array(row.text(6));
  auto hits = rules::parse_hits(row.text(7));
  auto events = rules::parse_events(row.text(8));
  if (!hits || !events) {
    return util::make_error("match {} in the database is unreadable: {}", row.int64(0),
                            (hits ? events.error() : hits.error()).message);
  }
  match.hits = std::move(*hits);
  match.events = std::move(*events);
  return stored;
}

/// Columns: alert id, raised_at, snippet, item id, entry_id, link, title, summary,
/// published_at, published_status, published_raw, first_seen, feed title, feed url.
template <typename Row>
Alert read_alert(const Row& row) {
  Alert alert;
  alert.id = row.int64(0);
  alert.raised_at = row.int64(1);
  alert.snippet = parse_snippet(row.text(2));
  Story& story = alert.story;
  story.item_id = row.int64(3);
  story.entry_id = row.text(4);
  story.link = row.text(5);
  story.title = row.text(6);
  story.summary = row.text(7);
  story.published.epoch_seconds = row.optional_int64(8).value_or(0);
  story.published.status =
      feed::k_date_status_names.find(row.text(9)).value_or(feed::DateStatus::missing);
  story.published.raw = row.text(10);
  story.first_seen = row.int64(11);
  story.feed_title = row.text(12);
  story.feed_url = row.text(13);
  return alert;
}

/// Columns: endpoint, webhook_id, sequence, rules, topics, severity, state, hold_reason,
/// silence_id, digest_window, attempts, last_status, last_error, next_attempt_at,
/// last_attempt_at, finished_at.
template <typename Row>
DeliveryStatus read_delivery_status(const Row& row) {
  DeliveryStatus status;
  status.endpoint = row.text(0);
  status.webhook_id = row.text(1);
  status.sequence = row.integer(2);
  status.notice = notice_of(row, 3);
  status.state = k_delivery_state_names.find(row.text(6)).value_or(DeliveryState::pending);
  status.hold = k_hold_reason_names.find(row.text(7));
  status.silence_id = row.optional_int64(8);
  status.digest_window = row.optional_int64(9);
  status.attempts = row.integer(10);
  status.last_http_status = row.integer(11);
  status.last_error = row.text(12);
  status.next_attempt_at = row.int64(13);
  status.last_attempt_at = row.int64(14);
  status.finished_at = row.int64(15);
  return status;
}

/// Columns: id, rule_glob, topic, feed_glob, endpoint, query, comment, created_by,
/// created_at, starts_at, ends_at, expired_at, held deliveries.
template <typename Row>
Silence read_silence(const Row& row) {
  Silence silence;
  silence.id = row.int64(0);
  silence.matchers = {row.text(1), row.text(2), row.text(3), row.text(4), row.text(5)};
  silence.comment = row.text(6);
  silence.created_by = row.text(7);
  silence.created_at = row.int64(8);
  silence.starts_at = row.int64(9);
  silence.ends_at = row.int64(10);
  silence.expired_at = row.optional_int64(11);
  silence.held_deliveries = row.int64(12);
  return silence;
}

/// Columns: id, host, pid, started_at, heartbeat_at, feeds leased, deliveries leased.
template <typename Row>
InstanceStatus read_instance(const Row& row) {
  InstanceStatus status;
  status.instance.id = row.text(0);
  status.instance.host = row.text(1);
  status.instance.pid = row.int64(2);
  status.instance.started_at = row.int64(3);
  status.instance.heartbeat_at = row.int64(4);
  status.feeds_leased = row.int64(5);
  status.deliveries_leased = row.int64(6);
  return status;
}

/// A delivery just leased, before its alert is loaded.
struct LeasedRow {
  std::int64_t alert_id = 0;
  DeliveryJob job;
};

/// Columns: id, alert_id, webhook_id, attempts, sequence, rules, topics, severity,
/// digest_window.
template <typename Row>
LeasedRow read_leased(const Row& row, const std::string& endpoint) {
  LeasedRow leased;
  leased.alert_id = row.int64(1);
  DeliveryJob& job = leased.job;
  job.delivery_id = row.int64(0);
  job.endpoint = endpoint;
  job.webhook_id = row.text(2);
  job.attempts = row.integer(3);
  job.sequence = row.integer(4);
  job.notice = notice_of(row, 5);
  job.digest_window = row.optional_int64(8);
  return leased;
}

}  // namespace newsmon::store::rows
