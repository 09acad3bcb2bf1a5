#pragma once
// The one interface through which the rest of newsmon reads and writes its state: feeds
// and their poll state, items, alerts with their matches, the delivery outbox and
// silences. The SQLite implementation is one of possibly several; nothing outside store/
// depends on SQLite. What an alert is and which story is a copy of which is decided
// above the backends (store/ingest.cpp, store/cluster.cpp); a backend answers queries and
// enforces uniqueness with its constraints, so that several processes on one database
// still raise one alert per story and send one message per alert and webhook.
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
#include <string_view>
#include <vector>

#include "daemon/feed/item.h"
#include "daemon/rules/match.h"
#include "daemon/store/planning.h"
#include "daemon/store/poll_result.h"
#include "daemon/store/records.h"
#include "daemon/util/result.h"

namespace newsmon::store {

class IngestTransaction;

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

  /// The instance that claimed the feed for a poll (Store::claim_feeds), until when; empty
  /// and 0 when no one holds it. Read-only for callers: save_feed_state() ignores them.
  std::string lease_holder;
  Epoch lease_until = 0;
};

/// One daemon sharing the store, as it registered itself.
struct InstanceInfo {
  std::string id;  ///< unique among the daemons: `host:pid:random`, or a configured name
  std::string host;
  std::int64_t pid = 0;
  Epoch started_at = 0;
  Epoch heartbeat_at = 0;  ///< renewed every few seconds while it runs
};

/// An instance and what it holds now (for `newsmon status`).
struct InstanceStatus {
  InstanceInfo instance;
  std::int64_t feeds_leased = 0;       ///< feeds it claimed, lease not yet run out
  std::int64_t deliveries_leased = 0;  ///< deliveries it leased, lease not yet run out
};

/// Which feeds claim_feeds() may take.
enum class ClaimScope {
  due,  ///< only feeds whose next_poll_at has come (the daemon's schedule)
  any,  ///< due or not (`newsmon once` polls every feed)
};

/// One feed asked for by claim_feeds(): its state as stored after the claim, and whether
/// this instance now holds it.
struct FeedClaim {
  FeedState state;
  bool claimed = false;
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
  /// Writes the poll and schedule fields of the feed with state.id and releases this
  /// instance's claim on it. Does nothing when another instance holds a live claim on the
  /// feed (ours ran out and it took over: its poll's outcome wins).
  virtual util::Status save_feed_state(const FeedState& state) = 0;

  // Instances and feed leases: several daemons share one store. Every lease (feed or
  // delivery) a Store takes after register_instance() is held in that instance's name;
  // before, or without it, leases are anonymous (enough for one process). A lease runs out
  // at its lease_until; then any instance may take the row. Leases are held by instance
  // id, not by Store object: two Stores registered under one id are one instance.

  /// Registers this daemon, or takes over the row of an earlier run under the same id (a
  /// configured name): in the same transaction every lease still held under that id is
  /// released, since its holder is gone, and so are the leases and rows of instances on
  /// the same host with the same pid whose heartbeat is older than `stale_before` (an
  /// earlier run that died and whose pid came back). A store that is the only daemon on
  /// its database (SQLite opened with DatabaseClaim::exclusive) retires every other
  /// instance too: they cannot be running. From then on this Store leases in
  /// instance.id's name.
  virtual util::Status register_instance(const InstanceInfo& instance, Epoch stale_before) = 0;
  /// Renews this instance's heartbeat; re-creates its row if another instance retired it.
  /// An Error before register_instance().
  virtual util::Status heartbeat(Epoch now) = 0;
  /// Clean stop: releases every feed, delivery and host slot lease this instance holds (deliveries
  /// without counting an attempt) and deletes its row. Leases are anonymous again after.
  virtual util::Status unregister_instance() = 0;
  /// Deletes the rows of these instances (found dead: e.g. the SQLite lock is ours, or their
  /// pid is gone from this host) and releases their leases at once rather than letting
  /// them run out. A delivery's attempt stays counted: it may have been sent. Returns how
  /// many leases were released.
  virtual util::Result<std::int64_t> retire_instances(const std::vector<std::string>& ids) = 0;
  /// Every registered instance, oldest first, with the live leases each holds at `now`.
  virtual util::Result<std::vector<InstanceStatus>> instances(Epoch now) = 0;

  /// Claims for one poll, until now + lease, those of the feeds with these ids that are
  /// active, due (scope due: next_poll_at <= now) and not held by a live lease of another
  /// instance; a lease this instance holds already is renewed. One statement per batch,
  /// so two instances never both claim a feed. Returns every active feed asked for (not
  /// the unknown or inactive), with its stored state: a feed not claimed says why in its
  /// next_poll_at (another instance polled it) or lease_holder and lease_until. A claim
  /// is released by save_feed_state() or release_feeds(); one never released runs out.
  virtual util::Result<std::vector<FeedClaim>> claim_feeds(const std::vector<std::int64_t>& ids,
                                                           Epoch now, std::chrono::seconds lease,
                                                           ClaimScope scope) = 0;
  /// Releases this instance's claims on these feeds without saving a poll (a poll
  /// cancelled). Feeds held by others are left alone.
  virtual util::Status release_feeds(const std::vector<std::int64_t>& ids) = 0;

  // Politeness across daemons: at most `slots` polls to one host at once, counted in the
  // store. Slot leases are held in this instance's name like feed claims; unregister and
  // retire_instances() give them back. Each caller names its own count of slots (its
  // http.per_host): it takes only slots 0 .. slots - 1, so the host never sees more polls at
  // once than the largest count among the daemons.

  /// Whether several daemons may share this store, so that host slots must be taken in it
  /// (PostgreSQL). False for a store one daemon owns (SQLite opened by the daemon): its own
  /// count is enough and it need not call take_host_slot(), though the methods work there.
  virtual bool shares_host_slots() const = 0;
  /// Takes for this instance, until now + lease, the lowest of the host's slots
  /// 0 .. slots - 1 that no live lease holds (never taken, released or run out); its
  /// number, or nullopt when every one is held. Two instances never hold one slot at once.
  virtual util::Result<std::optional<int>> take_host_slot(const std::string& host, int slots,
                                                          Epoch now,
                                                          std::chrono::seconds lease) = 0;
  /// Gives back a slot this instance took (its poll ended); one another instance holds now
  /// (ours had run out) is left alone.
  virtual util::Status release_host_slot(const std::string& host, int slot) = 0;

  // Items, matches and the outbox.
  /// The subset of entry ids already stored for this feed.
  virtual util::Result<std::vector<std::string>> known_entry_ids(
      std::int64_t feed_id, const std::vector<std::string>& entry_ids) = 0;
  /// Stores the items not yet known with their matches, alerts and deliveries, all in
  /// one transaction. A story with matches raises an alert, or joins the earlier alert of
  /// the same story (a copy, store/cluster.h); either way `planner` is asked which
  /// webhooks get a message now, and its answer is numbered and written. The same for
  /// every backend: the decisions are made above it on the primitives of begin_ingest().
  util::Result<IngestResult> ingest(std::int64_t feed_id, std::vector<IncomingItem> items,
                                    Epoch now, const ClusterPolicy& policy,
                                    const DeliveryPlanner& planner);

  /// Leases up to `limit` due pending deliveries of one endpoint that go out on their
  /// own (not in a digest), oldest due first, until now + lease, counting an attempt for
  /// each. A lease not resolved by record_delivery() or release_deliveries() expires and
  /// the row becomes due again, so a crash loses nothing. Rows leased by another process
  /// are skipped.
  virtual util::Result<std::vector<DeliveryJob>> lease_deliveries(const std::string& endpoint,
                                                                  Epoch now,
                                                                  std::chrono::seconds lease,
                                                                  std::size_t limit) = 0;
  /// Leases, as lease_deliveries() does, every due pending delivery of the endpoint's
  /// earliest due digest window: the alerts that go out together in one message. Empty
  /// when no window is due.
  virtual util::Result<std::vector<DeliveryJob>> lease_digest(const std::string& endpoint,
                                                              Epoch now,
                                                              std::chrono::seconds lease) = 0;
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

  // Queries for the command line (and a console).
  /// The alerts that pass the query's filters, each with its deliveries: the newest
  /// query.limit of them, listed oldest first.
  virtual util::Result<std::vector<AlertRow>> alerts(const AlertQuery& query) = 0;
  /// Every rule id and every topic of the matches stored, sorted: what `newsmon alerts`
  /// filters can name besides the rules loaded now.
  virtual util::Result<std::vector<std::string>> stored_rule_ids() = 0;
  virtual util::Result<std::vector<std::string>> stored_topics() = 0;
  /// Alerts raised since then per UTC day and topic (an alert counts once for each of its
  /// topics) or per day and feed (the feed of the story that raised it), oldest day first.
  /// Days without alerts are left out. For charts.
  virtual util::Result<std::vector<DailyCount>> alerts_per_day(Epoch since, CountBy by) = 0;
  /// Items first seen and alerts raised (by the feed of the story that raised them) per
  /// feed since then; feeds with neither are left out.
  virtual util::Result<std::vector<FeedActivity>> feed_activity(Epoch since) = 0;

  // Silences.
  /// Stores a silence; its id.
  virtual util::Result<std::int64_t> add_silence(const NewSilence& silence, Epoch now) = 0;
  /// Ends a silence now (it stays listed as expired). An Error for an unknown id; false
  /// when it had already ended.
  virtual util::Result<bool> expire_silence(std::int64_t id, Epoch now) = 0;
  /// The silences the query asks for, newest first. Cheap for the active ones: the daemon
  /// reads them every few seconds.
  virtual util::Result<std::vector<Silence>> silences(const SilenceQuery& query) = 0;
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

/// Whether a SQLite opening claims the database for one daemon.
enum class DatabaseClaim {
  shared,     ///< commands beside a running daemon: `alerts`, `feeds`, `status`, ...
  exclusive,  ///< the daemon: at most one per database file
};

struct SqliteOptions {
  Access access = Access::read_write;
  /// exclusive takes a lock on the file `<path>.lock` (flock, released when the Store is
  /// destroyed or the process dies) and writes the holder's pid and host into it; when
  /// another process holds it, opening fails with an Error that names that daemon.
  /// Default: shared.
  DatabaseClaim claim = DatabaseClaim::shared;
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

/// How open_store() opens either backend.
struct StoreOptions {
  /// SQLite's options; `access` applies to PostgreSQL too (read_only: the schema must be
  /// current, transactions are read-only).
  SqliteOptions sqlite;
  /// Where the PostgreSQL password comes from when the URL holds none: `env:NAME`,
  /// `file:PATH` or `credential:NAME` (util/secret_source.h). Default: none (the URL, or
  /// libpq's own PGPASSWORD and ~/.pgpass).
  std::string password_source;
};

/// True for a `database:` setting that names a PostgreSQL database (postgresql:// or
/// postgres://) rather than an SQLite file.
bool is_postgres_url(std::string_view database);

/// The `database:` setting as messages may show it: a URL with its password hidden.
std::string shown_database(std::string_view database);

/// Opens the store a `database:` setting names: an SQLite file (a path, or ":memory:") or
/// a PostgreSQL database (`postgresql://user@host:port/db?sslmode=...`), and applies
/// pending migrations (read_write). Errors show the URL redacted and say what to do.
util::Result<std::unique_ptr<Store>> open_store(const std::string& database,
                                                const StoreOptions& options = {});

/// Opens the store as open_store() does and returns its schema version after migrating:
/// what `newsmon migrate` reports.
util::Result<int> migrate_store(const std::string& database, const StoreOptions& options = {});

/// Rows copied per table, in the order copied.
using CopyCounts = std::vector<std::pair<std::string, std::int64_t>>;

/// Copies the SQLite store at `from` (at the current schema) into the PostgreSQL database
/// `to` (migrated first): feeds with their poll state, items, silences, alerts, matches
/// and deliveries, ids kept, all in one transaction. Refuses a target that holds any feed,
/// item or silence already, and changes nothing then or on any error.
util::Result<CopyCounts> copy_sqlite_to_postgres(const std::filesystem::path& from,
                                                 const std::string& to,
                                                 const StoreOptions& options = {});

}  // namespace newsmon::store
