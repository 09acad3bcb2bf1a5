#pragma once
// What the store holds about alerts, deliveries and silences, as its queries hand them
// out: the alerter renders them, `newsmon alerts` and `newsmon silence` print them, and a
// console can page and filter through them. Plain values; no behaviour.
//
// An alert is one story (with the copies other outlets published within the cluster
// window) and every rule that matched any of them. Each webhook gets one delivery per
// alert, and a numbered follow-up when a later copy tells it something new.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/feed/item.h"
#include "daemon/rules/match.h"
#include "daemon/util/enum_names.h"

namespace newsmon::store {

using Epoch = std::int64_t;  ///< Unix seconds, UTC

/// A stored story as alerts show it.
struct Story {
  std::int64_t item_id = 0;
  std::string entry_id;
  std::string link;
  std::string title;
  std::string summary;
  feed::Date published;
  Epoch first_seen = 0;
  std::string feed_title;
  std::string feed_url;
};

/// Another outlet's copy of an alerted story.
struct Report {
  std::string feed_title;
  std::string feed_url;
  std::string link;
  std::string title;
  Epoch seen_at = 0;
};

/// Bytes [start, end) of a text.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

/// The sentence of a story that shows its strongest hits, with those hits marked.
struct Snippet {
  rules::Field field = rules::Field::title;
  std::string text;              ///< at most 300 characters; empty when there is none
  std::vector<Span> highlights;  ///< into text, in order, not overlapping
};

/// One rule's match on one story of an alert.
struct StoredMatch {
  std::int64_t item_id = 0;  ///< the story it matched: hits are offsets into its text
  Epoch matched_at = 0;
  rules::Match match;  ///< rule, title, topics, severity, hits, events (suppress is not stored)
};

struct Alert {
  std::int64_t id = 0;
  Epoch raised_at = 0;
  Story story;  ///< the story that raised it
  /// Every match of every story of the alert: the raising story's first, then the
  /// copies' in the order they arrived.
  std::vector<StoredMatch> matches;
  std::vector<Report> also_reported_by;  ///< the copies, in the order they arrived
  Snippet snippet;
};

/// What one delivery tells its webhook about an alert: the rules it routes (silenced ones
/// left out), their topics (within the webhook's `topics` when it sets them) and the
/// highest of their severities. A follow-up is due when a later copy adds a topic or
/// raises the severity.
struct Notice {
  std::vector<std::string> rules;
  std::vector<std::string> topics;
  rules::Severity severity = rules::Severity::info;
  friend bool operator==(const Notice&, const Notice&) = default;
};

enum class DeliveryState {
  pending,    ///< to be sent, or being retried
  delivered,  ///< the webhook answered 2xx
  dead,       ///< given up: retries exhausted, 410 Gone, or the webhook left the configuration
  held,       ///< never to be sent: see HoldReason
};
inline constexpr auto k_delivery_state_names =
    util::enum_names<DeliveryState>("delivery state", {{DeliveryState::pending, "pending"},
                                                       {DeliveryState::delivered, "delivered"},
                                                       {DeliveryState::dead, "dead"},
                                                       {DeliveryState::held, "held"}});
const char* delivery_state_name(DeliveryState state);

/// Why a delivery is held back.
enum class HoldReason {
  backlog,   ///< the story is older than alerts.max_age
  silenced,  ///< a silence covered every rule that would have sent it
};
inline constexpr auto k_hold_reason_names = util::enum_names<HoldReason>(
    "hold reason", {{HoldReason::backlog, "backlog"}, {HoldReason::silenced, "silenced"}});

/// A delivery leased for sending.
struct DeliveryJob {
  std::int64_t delivery_id = 0;
  std::string endpoint;    ///< webhook name
  std::string webhook_id;  ///< stable over retries and restarts
  int attempts = 0;        ///< including the one this lease is for
  int sequence = 0;        ///< 0: the alert itself; 1, 2, ...: follow-ups
  Notice notice;
  /// For a follow-up: what the webhook was told before, and the webhook-id of the first
  /// message it got about this alert.
  std::optional<Notice> previous;
  std::string updates;
  /// The end of the digest window this delivery goes out with; nullopt: on its own.
  std::optional<Epoch> digest_window;
  Alert alert;
};

struct DeliveryOutcome {
  std::int64_t delivery_id = 0;
  DeliveryState state = DeliveryState::pending;
  Epoch now = 0;              ///< when the attempt ended
  Epoch next_attempt_at = 0;  ///< when state == pending
  int http_status = 0;        ///< 0 when no response arrived
  std::string error;          ///< empty on success
};

/// One delivery as `newsmon alerts` shows it.
struct DeliveryStatus {
  std::string endpoint;
  std::string webhook_id;
  int sequence = 0;
  Notice notice;
  DeliveryState state = DeliveryState::pending;
  std::optional<HoldReason> hold;          ///< when held
  std::optional<std::int64_t> silence_id;  ///< when a silence held it
  std::optional<Epoch> digest_window;
  int attempts = 0;
  int last_http_status = 0;
  std::string last_error;
  Epoch next_attempt_at = 0;  ///< meaningful while pending
  Epoch last_attempt_at = 0;  ///< 0 before the first attempt
  Epoch finished_at = 0;      ///< when it became delivered or dead
};

struct AlertRow {
  Alert alert;
  std::vector<DeliveryStatus> deliveries;  ///< by endpoint, then sequence
};

/// Which alerts alerts() returns. Every filter given must hold; one left empty holds for
/// all. Results are the newest `limit` alerts that pass, listed oldest first; for the
/// next older page, pass the smallest id returned as `before_id`.
struct AlertQuery {
  Epoch since = 0;                              ///< raised at or after
  Epoch until = 0;                              ///< raised before; 0: no bound
  std::vector<std::string> rules;               ///< one of its matches is of one of these rule ids
  std::vector<std::string> topics;              ///< one of its matches carries one of these topics
  std::optional<rules::Severity> min_severity;  ///< its highest severity is at least this
  std::string endpoint;                         ///< it has a delivery to this webhook
  std::optional<DeliveryState> delivery_state;  ///< it has a delivery in this state
  std::optional<std::int64_t> silence_id;       ///< this silence held one of its deliveries
  std::int64_t feed_id = 0;                     ///< one of its stories came from this feed
  /// The title or summary of the story that raised it holds this text (ASCII letters
  /// caseless).
  std::string text;
  std::int64_t before_id = 0;  ///< id below this; 0: no bound
  std::size_t limit = 1000;
};

/// How alerts_per_day() groups its counts.
enum class CountBy { topic, feed };

/// Alerts raised on one UTC day for one topic or one feed.
struct DailyCount {
  Epoch day = 0;             ///< the midnight (UTC) that starts the day
  std::string topic;         ///< CountBy::topic
  std::int64_t feed_id = 0;  ///< CountBy::feed
  std::int64_t alerts = 0;
  friend bool operator==(const DailyCount&, const DailyCount&) = default;
};

/// What one feed brought in since a time.
struct FeedActivity {
  std::int64_t feed_id = 0;
  std::int64_t items = 0;   ///< items first seen
  std::int64_t alerts = 0;  ///< alerts its stories raised
  friend bool operator==(const FeedActivity&, const FeedActivity&) = default;
};

struct QueueStats {
  std::int64_t pending = 0;  ///< including leased ones
  std::int64_t dead = 0;
  std::int64_t oldest_pending_age_seconds = 0;  ///< 0 when nothing is pending
};

/// What a silence holds back. Every matcher given must hold for a rule's match on a
/// story sent to a webhook; an empty matcher holds for all.
struct SilenceMatchers {
  std::string rule_glob;  ///< the rule id ('*' and '?')
  std::string topic;      ///< one of the rule's topics
  std::string feed_glob;  ///< the URL of the story's feed, as configured ('*' and '?')
  std::string endpoint;   ///< the webhook's name
  std::string query;      ///< a query in the rule language the story matches
  friend bool operator==(const SilenceMatchers&, const SilenceMatchers&) = default;
};

struct NewSilence {
  SilenceMatchers matchers;
  std::string comment;
  std::string created_by;
  Epoch starts_at = 0;
  Epoch ends_at = 0;
};

struct Silence {
  std::int64_t id = 0;
  SilenceMatchers matchers;
  std::string comment;
  std::string created_by;
  Epoch created_at = 0;
  Epoch starts_at = 0;
  Epoch ends_at = 0;                 ///< it holds until then (an expired one, until it was)
  std::optional<Epoch> expired_at;   ///< when `silence expire` ended it early
  std::int64_t held_deliveries = 0;  ///< deliveries it has held back
  bool active_at(Epoch now) const { return starts_at <= now && now < ends_at; }
  friend bool operator==(const Silence&, const Silence&) = default;
};

enum class SilenceState { active, expired, all };

/// Which silences silences() returns: the newest `limit` that pass, newest first; for the
/// next older page, pass the smallest id returned as `before_id`.
struct SilenceQuery {
  SilenceState state = SilenceState::all;
  Epoch now = 0;  ///< what active and expired are judged at
  std::size_t limit = 1000;
  std::int64_t before_id = 0;  ///< id below this; 0: no bound
};

}  // namespace newsmon::store
