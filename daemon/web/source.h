#pragma once
// What the console reads and changes, in the shapes its pages show: the one place where
// the console meets the store. Pages are written against ConsoleSource alone, so a
// change in how the store keeps alerts changes store_source.cpp and nothing else.
// Silences are the store's own records (store::Silence), the ones `newsmon silence`
// lists and the daemon applies.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/store/records.h"
#include "daemon/util/result.h"

namespace newsmon::web {

using Epoch = std::int64_t;  ///< Unix seconds, UTC

/// Which alerts a page lists; every filter given must hold, an empty one holds for all.
struct AlertFilter {
  std::string topic;
  std::string rule;
  std::int64_t feed_id = 0;
  std::optional<rules::Severity> min_severity;
  Epoch since = 0;
  Epoch until = 0;             ///< 0: no bound
  std::string text;            ///< in the title or summary
  std::int64_t before_id = 0;  ///< older than this alert (paging); 0: the newest
  std::size_t limit = 50;
};

/// One rule's match on the alert's story or on a copy of it.
struct RuleMatch {
  std::string rule_id;
  std::string rule_title;
  std::vector<std::string> topics;
  rules::Severity severity = rules::Severity::medium;
  std::vector<rules::Hit> hits;  ///< cleaned; byte offsets into the fields of the story matched
  std::vector<rules::Event> events;
  bool on_copy = false;  ///< it matched another outlet's copy, not the alert's own story
};

/// An alert (one story and every rule it or a copy of it matched) as a list shows it.
struct AlertSummary {
  std::int64_t id = 0;
  Epoch raised_at = 0;
  std::string title;
  std::string link;
  std::vector<std::string> outlets;  ///< the raising feed's title first, then the copies'
  std::vector<std::string> topics;   ///< union over its matches, in order of appearance
  rules::Severity severity = rules::Severity::info;  ///< the highest of its matches
  std::vector<std::string> rules;                    ///< each once, the most severe first
  std::optional<rules::Event> main_event;  ///< who -> what -> whom, when the story reports one
};

struct Copy {  ///< another outlet's copy of the story
  std::string outlet;
  std::string link;
  std::string title;
  Epoch seen_at = 0;
};

/// One message about the alert to one webhook: the first (sequence 0) or a follow-up.
struct DeliveryView {
  std::string endpoint;    ///< the webhook's name (never its URL)
  std::string webhook_id;  ///< the webhook-id header, the same on every attempt
  int sequence = 0;
  std::vector<std::string> rules;  ///< what it tells the webhook
  std::string state;               ///< pending, delivered, dead or held
  std::string hold;                ///< when held: backlog or silenced
  std::int64_t silence_id = 0;     ///< the silence that held it; 0: none
  Epoch digest_window = 0;         ///< the end of the digest it goes out with; 0: on its own
  int attempts = 0;
  int http_status = 0;
  std::string error;
  Epoch last_attempt_at = 0;
  Epoch next_attempt_at = 0;  ///< while pending
  Epoch finished_at = 0;
};

/// The sentence of a story that shows its hits best, with those hits.
struct SnippetView {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;  ///< byte ranges of text
};

struct AlertDetail {
  AlertSummary summary;
  std::string summary_text;  ///< the story's summary
  SnippetView snippet;
  std::vector<rules::Hit> story_hits;  ///< cleaned hits in the alert's own story
  std::string feed_title;
  std::string feed_url;
  Epoch published = 0;             ///< 0 when the feed gave no date
  std::vector<RuleMatch> matches;  ///< the own story's first, then the copies'
  std::vector<Copy> also_reported_by;
  std::vector<DeliveryView> deliveries;  ///< by webhook, then sequence
};

struct AlertPage {
  std::vector<AlertSummary> alerts;  ///< newest first
  bool has_older = false;
};

enum class FeedHealth { ok, not_modified, failing, backing_off, never_polled };

struct FeedView {
  std::int64_t id = 0;
  std::string url;  ///< as configured, without credentials
  std::string title;
  FeedHealth health = FeedHealth::never_polled;
  std::string result;  ///< the last poll's result, by name
  int http_status = 0;
  std::string error;
  int consecutive_failures = 0;
  Epoch last_poll_at = 0;
  Epoch next_poll_at = 0;
  std::int64_t items_7d = 0;
  std::int64_t alerts_7d = 0;
};

/// Alerts per day of a period, by topic and by feed.
struct Activity {
  Epoch first_day = 0;  ///< midnight UTC
  int days = 0;
  struct Series {
    std::string name;
    std::vector<std::int64_t> per_day;  ///< `days` values
  };
  std::vector<Series> by_topic;
  std::vector<Series> by_feed;
};

/// What the alert filters can name.
struct FilterChoices {
  std::vector<std::string> topics;
  std::vector<std::string> rules;
  std::vector<std::pair<std::int64_t, std::string>> feeds;  ///< id, title (or URL)
};

/// Thread-safe: pages are rendered on worker threads.
class ConsoleSource {
 public:
  virtual ~ConsoleSource() = default;
  virtual util::Result<AlertPage> alerts(const AlertFilter& filter) = 0;
  /// nullopt when there is no alert with this id.
  virtual util::Result<std::optional<AlertDetail>> alert(std::int64_t id) = 0;
  /// The alerts raised after the one with this id, oldest first, at most `limit`.
  virtual util::Result<std::vector<AlertSummary>> newer_than(std::int64_t id,
                                                             std::size_t limit) = 0;
  virtual util::Result<std::vector<FeedView>> feeds(Epoch now) = 0;
  virtual util::Result<Activity> activity(Epoch now, int days) = 0;
  virtual util::Result<FilterChoices> choices() = 0;

  /// Every silence, newest first, as `newsmon silence list` shows them.
  virtual util::Result<std::vector<store::Silence>> silences(Epoch now) = 0;
  virtual util::Result<std::int64_t> add_silence(const store::NewSilence& silence, Epoch now) = 0;
  /// false when it had already ended; an Error for an unknown id.
  virtual util::Result<bool> expire_silence(std::int64_t id, Epoch now) = 0;
};

}  // namespace newsmon::web
