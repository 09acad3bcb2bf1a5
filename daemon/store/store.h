#pragma once
// The one interface through which the rest of newsmon reads and writes its state: feeds
// and their poll state, items, matches and the delivery outbox. The SQLite
// implementation is one of possibly several; nothing outside store/ depends on SQLite.
//
// Thread-safety: an implementation serialises its own calls; callers may use one Store
// from several threads. Failures (busy database, full disk) are returned as errors,
// never thrown; a failed write changes nothing. Several processes may open one SQLite
// file: leases keep them from sending the same delivery twice at once.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/feed/item.h"
#include "daemon/rules/match.h"
#include "daemon/store/poll_result.h"
#include "daemon/util/enum_names.h"
#include "daemon/util/result.h"

namespace newsmon::store {

class IngestTransaction;

using Epoch = std::int64_t;  ///< Unix seconds, UTC

/// A feed's identity and everything the scheduler and `feeds list` need across restarts.
struct FeedState {
  std::int64_t id = 0;
  std::string configured_url;  ///< as written in the configuration (the feed's identity)
  std::string url;             ///< the URL polled now; a confirmed permanent redirect changes it
  std::string title;
  std::string site_link;
  bool active = true;  ///< false once the feed left the configuration

  std::string etag;           ///< exactly as received
  std::string last_modified;  ///< exactly as received

  Epoch last_poll_at = 0;
  std::optional<PollResult> last_result;  ///< nullopt until the first poll ends
  int last_http_status = 0;
  std::string last_error;
  int last_new_items = 0;
  int consecutive_failures = 0;
  Epoch last_success_at = 0;

  Epoch next_poll_at = 0;
  std::int64_t interval_seconds = 0;  ///< the adaptive interval; 0 until known
  double publish_gap_seconds = 0;     ///< smoothed time between new items; 0 until known
  Epoch last_new_item_at = 0;

  std::string redirect_candidate;  ///< permanent-redirect target seen on the last poll(s)
  int redirect_streak = 0;         ///< consecutive polls that saw it
};

/// A match ready to be stored, with the webhooks (by name) that want it.
struct PlannedMatch {
  rules::Match match;
  std::vector<std::string> endpoints;
};

/// A new item from a poll, with what the rules found in it.
struct IncomingItem {
  feed::Item item;
  /// Optional: the store derives both from the item when they are left empty / unset.
  /// Set them only to override (tests do).
  std::string canonical_link;            ///< util::canonical_link(item.link)
  std::optional<std::uint64_t> simhash;  ///< util::story_simhash(title, summary)
  std::vector<PlannedMatch> matches;
};

/// How near two stories must be to count as one (one alert per rule per cluster).
/// Two stories are one when their canonical links are equal, or when they come from
/// different hosts (outlets) and the SimHash fingerprints of their title and summary
/// differ in at most max_hamming_distance bits. Stories of one outlet are compared by
/// link only: an outlet's recurring series ("key events, day 341") reads alike every day.
struct ClusterPolicy {
  std::chrono::seconds window{48 * 3600};  ///< a rule's own `suppress` overrides it
  /// Measured on the shared development corpus: distinct stories on the same topics are
  /// 16 bits or more apart; a reworded headline over the same summary is 4 to 11 apart.
  int max_hamming_distance = 12;
};

/// An alert raised by ingest(), for logging.
struct RaisedAlert {
  std::int64_t match_id = 0;
  std::string rule_id;
  std::string title;
  std::string link;
};

struct IngestResult {
  int new_items = 0;                ///< items stored (already-known ones are skipped)
  int new_matches = 0;              ///< matches that raise an alert
  int clustered_matches = 0;        ///< matches recorded as also_reported_by on an earlier alert
  int deliveries = 0;               ///< outbox rows created
  std::vector<RaisedAlert> alerts;  ///< the matches that raised an alert, in order
};

struct Report {  ///< another outlet's copy of an alerted story
  std::string feed_title;
  std::string feed_url;
  std::string link;
  std::string title;
  Epoch seen_at = 0;
};

/// A stored match with its story, as the alerter and `newsmon alerts` present it.
struct Alert {
  std::int64_t match_id = 0;
  Epoch raised_at = 0;  ///< when the match was stored
  rules::Match match;   ///< rule, topics, severity, hits, events (suppress is not stored)
  std::string entry_id;
  std::string link;
  std::string title;
  std::string summary;
  feed::Date published;
  Epoch first_seen = 0;
  std::string feed_title;
  std::string feed_url;
  std::vector<Report> also_reported_by;
};

enum class DeliveryState { pending, delivered, dead };
inline constexpr auto k_delivery_state_names =
    util::enum_names<DeliveryState>("delivery state", {{DeliveryState::pending, "pending"},
                                                       {DeliveryState::delivered, "delivered"},
                                                       {DeliveryState::dead, "dead"}});
const char* delivery_state_name(DeliveryState state);

struct DeliveryJob {
  std::int64_t delivery_id = 0;
  std::string endpoint;    ///< webhook name
  std::string webhook_id;  ///< stable over retries and restarts
  int attempts = 0;        ///< including the one this lease is for
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

struct DeliveryStatus {  ///< one delivery as `newsmon alerts` shows it
  std::string endpoint;
  std::string webhook_id;
  DeliveryState state = DeliveryState::pending;
  int attempts = 0;
  int last_http_status = 0;
  std::string last_error;
  Epoch next_attempt_at = 0;  ///< meaningful while pending
  Epoch last_attempt_at = 0;  ///< 0 before the first attempt
  Epoch finished_at = 0;      ///< when it became delivered or dead
};

struct AlertRow {
  Alert alert;
  std::vector<DeliveryStatus> deliveries;
};

/// Which alerts alerts() returns: every filter given must hold; an empty one holds for all.
struct AlertQuery {
  Epoch since = 0;
  std::string rule;   ///< exact rule id, or empty
  std::string topic;  ///< or empty
  std::size_t limit = 1000;
  Epoch until = 0;                              ///< raised before; 0: no bound
  std::optional<rules::Severity> min_severity;  ///< at least this severe
  std::int64_t feed_id = 0;                     ///< its story came from this feed; 0: any
  /// Its story's title or summary holds this text (ASCII letters caseless); "": any.
  std::string text;
  /// Only alerts with a smaller id (the next older page: the smallest id of this one).
  std::int64_t before_id = 0;
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

/// An item as stored, for backtests.
struct StoredItem {
  std::int64_t item_id = 0;
  std::int64_t feed_id = 0;
  std::string entry_id;
  std::string link;
  std::string title;
  std::string summary;
  std::string content;
  Epoch first_seen = 0;
  std::vector<std::string> matched_rules;
};

class Store {
 public:
  virtual ~Store() = default;

  // Feeds.
  /// Adds configured feeds not yet known (due at once), reactivates known ones, marks the
  /// rest inactive; state of unchanged feeds is kept. Returns the active feeds.
  virtual util::Result<std::vector<FeedState>> sync_feeds(const std::vector<std::string>& urls,
                                                          Epoch now) = 0;
  virtual util::Result<std::vector<FeedState>> feeds() = 0;
  /// Writes the poll and schedule fields of the feed with state.id.
  virtual util::Status save_feed_state(const FeedState& state) = 0;

  // Items, matches and the outbox.
  /// The subset of entry ids already stored for this feed.
  virtual util::Result<std::vector<std::string>> known_entry_ids(
      std::int64_t feed_id, const std::vector<std::string>& entry_ids) = 0;
  /// Stores the items not yet known with their matches and deliveries, all in one
  /// transaction. A match whose story was already alerted for the same rule within the
  /// cluster window is recorded as also_reported_by on the earlier alert instead.
  /// The same for every backend: the decision is made above it (store/cluster.h) on the
  /// primitives of begin_ingest().
  util::Result<IngestResult> ingest(std::int64_t feed_id, std::vector<IncomingItem> items,
                                    Epoch now, const ClusterPolicy& policy);

  /// Leases up to `limit` due pending deliveries of one endpoint, oldest due first, until
  /// now + lease, counting an attempt for each. A lease not resolved by record_delivery()
  /// or release_deliveries() expires and the row becomes due again, so a crash loses
  /// nothing. Rows leased by another process are skipped.
  virtual util::Result<std::vector<DeliveryJob>> lease_deliveries(const std::string& endpoint,
                                                                  Epoch now,
                                                                  std::chrono::seconds lease,
                                                                  std::size_t limit) = 0;
  /// When the endpoint's next pending delivery can be leased: the earliest retry time of
  /// the rows no one holds (possibly already past), or the end of the first live lease if
  /// that comes sooner; nullopt when it has no pending row. Cheap: it reads the head of
  /// two indexes.
  virtual util::Result<std::optional<Epoch>> next_delivery_due(const std::string& endpoint,
                                                               Epoch now) = 0;
  /// Records attempts' results on pending rows, all in one transaction (one disk sync for
  /// many outcomes). Rows another process has meanwhile resolved (their lease had run
  /// out) are left as they are.
  virtual util::Status record_deliveries(const std::vector<DeliveryOutcome>& outcomes) = 0;
  util::Status record_delivery(const DeliveryOutcome& outcome) {
    return record_deliveries({outcome});
  }
  /// Gives leased rows back without counting an attempt (on shutdown).
  virtual util::Status release_deliveries(const std::vector<std::int64_t>& delivery_ids) = 0;
  /// Marks every pending delivery of the endpoint dead with this error (the endpoint
  /// answered 410 Gone). Returns how many.
  virtual util::Result<std::int64_t> kill_deliveries(const std::string& endpoint,
                                                     const std::string& error, Epoch now) = 0;
  /// Marks dead the pending deliveries of every endpoint not in `configured` (webhooks
  /// removed from the configuration), so nothing waits for ever. Returns how many.
  virtual util::Result<std::int64_t> kill_unconfigured_deliveries(
      const std::vector<std::string>& configured, Epoch now) = 0;
  virtual util::Result<QueueStats> queue_stats(Epoch now) = 0;

  // Queries for the command line.
  /// The alerts (matches that raised one, not the copies folded into them) raised since
  /// query.since, filtered, the newest query.limit of them, listed oldest first.
  virtual util::Result<std::vector<AlertRow>> alerts(const AlertQuery& query) = 0;
  /// One alert with its deliveries; nullopt when there is none with this id.
  virtual util::Result<std::optional<AlertRow>> alert(std::int64_t id) = 0;
  /// Alerts raised since then per UTC day and topic (an alert counts once for each of its
  /// topics) or per day and feed, oldest day first. Days without alerts are left out.
  virtual util::Result<std::vector<DailyCount>> alerts_per_day(Epoch since, CountBy by) = 0;
  /// Items and alerts per feed since then; feeds with neither are left out.
  virtual util::Result<std::vector<FeedActivity>> feed_activity(Epoch since) = 0;
  /// Calls visit for each item first seen since then, in the order stored. visit must not
  /// call back into the store.
  virtual util::Status for_each_item_since(Epoch since,
                                           const std::function<void(const StoredItem&)>& visit) = 0;

  // Housekeeping.
  /// Folds the write-ahead log back into the database and truncates it to nothing. Call
  /// when idle, say every few minutes from a timer; cheap when there is nothing to fold.
  /// Never waits: when a reader (another process) is in the way it does nothing and says
  /// nothing, and the next call tries again. Without it the log still stays bounded
  /// (SQLite folds it back every ~1,000 pages and cuts the file to journal_size_limit).
  virtual util::Status checkpoint() = 0;

  /// Times a statement found the database busy (for metrics). Thread-safe.
  virtual std::uint64_t busy_count() const = 0;

 protected:
  /// Begins the write transaction of one ingest(), waiting for other writers as a write
  /// does; see ingest_transaction.h for what a backend provides in it.
  virtual util::Result<std::unique_ptr<IngestTransaction>> begin_ingest() = 0;
};

/// How the SQLite store opens its file.
enum class Access {
  read_write,  ///< the daemon: creates the file and upgrades its schema as needed
  read_only,   ///< commands that only look: the file must exist at the current schema
};

struct SqliteOptions {
  Access access = Access::read_write;
  /// How long a statement waits for another process's write lock before failing with a
  /// "busy" error. Default: 5 s.
  std::chrono::milliseconds busy_timeout{5000};
  /// Size the write-ahead log is truncated to after a checkpoint. Default: 64 MiB.
  std::int64_t journal_size_limit = 64 << 20;
};

/// Opens the SQLite store at path; ":memory:" for tests. Sets WAL mode, synchronous=FULL,
/// foreign keys and the busy timeout on the connection, and applies pending migrations
/// (read_write). Errors name the file and say what to do (permissions, newer schema,
/// missing file in read_only mode).
util::Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path,
                                                       const SqliteOptions& options = {});

}  // namespace newsmon::store
