#include "daemon/store/sqlite/schema.h"

#include <array>

#include "daemon/store/sqlite/database.h"

namespace newsmon::store::sqlite {
namespace {

// Times are Unix seconds (UTC). Texts are UTF-8. JSON columns hold what rules::to_json
// writes. docs/storage.md describes every table for users; keep the two in step.
constexpr const char* k_migration_1 = R"sql(
CREATE TABLE feeds (
  id                   INTEGER PRIMARY KEY,
  configured_url       TEXT NOT NULL UNIQUE,
  url                  TEXT NOT NULL,
  title                TEXT NOT NULL DEFAULT '',
  site_link            TEXT NOT NULL DEFAULT '',
  active               INTEGER NOT NULL DEFAULT 1,
  etag                 TEXT NOT NULL DEFAULT '',
  last_modified        TEXT NOT NULL DEFAULT '',
  last_poll_at         INTEGER NOT NULL DEFAULT 0,
  last_result          TEXT NOT NULL DEFAULT '',
  last_http_status     INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT NOT NULL DEFAULT '',
  last_new_items       INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_success_at      INTEGER NOT NULL DEFAULT 0,
  next_poll_at         INTEGER NOT NULL DEFAULT 0,
  interval_seconds     INTEGER NOT NULL DEFAULT 0,
  publish_gap_seconds  REAL NOT NULL DEFAULT 0,
  last_new_item_at     INTEGER NOT NULL DEFAULT 0,
  redirect_candidate   TEXT NOT NULL DEFAULT '',
  redirect_streak      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE items (
  id               INTEGER PRIMARY KEY,
  feed_id          INTEGER NOT NULL REFERENCES feeds(id),
  entry_id         TEXT NOT NULL,
  link             TEXT NOT NULL,
  canonical_link   TEXT NOT NULL,
  host             TEXT NOT NULL,
  title            TEXT NOT NULL,
  summary          TEXT NOT NULL,
  content          TEXT NOT NULL,
  content_hash     TEXT NOT NULL,
  simhash          INTEGER,
  published_at     INTEGER,
  published_status TEXT NOT NULL CHECK (published_status IN ('missing', 'parsed', 'unreadable')),
  published_raw    TEXT NOT NULL,
  first_seen       INTEGER NOT NULL,
  UNIQUE (feed_id, entry_id)
) STRICT;
CREATE INDEX items_by_canonical_link ON items(canonical_link) WHERE canonical_link <> '';
CREATE INDEX items_by_first_seen ON items(first_seen);

CREATE TABLE matches (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id),
  rule_id     TEXT NOT NULL,
  rule_title  TEXT NOT NULL,
  severity    TEXT NOT NULL,
  topics      TEXT NOT NULL,
  hits        TEXT NOT NULL,
  events      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  cluster_of  INTEGER REFERENCES matches(id),
  UNIQUE (item_id, rule_id)
) STRICT;
CREATE INDEX matches_by_rule ON matches(rule_id, created_at);
CREATE INDEX matches_by_time ON matches(created_at) WHERE cluster_of IS NULL;
CREATE INDEX matches_by_cluster ON matches(cluster_of) WHERE cluster_of IS NOT NULL;

CREATE TABLE deliveries (
  id               INTEGER PRIMARY KEY,
  match_id         INTEGER NOT NULL REFERENCES matches(id),
  endpoint         TEXT NOT NULL,
  webhook_id       TEXT NOT NULL UNIQUE,
  state            TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_until      INTEGER,
  last_attempt_at  INTEGER,
  last_status      INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  UNIQUE (match_id, endpoint)
) STRICT;
CREATE INDEX deliveries_due ON deliveries(endpoint, next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_pending_age ON deliveries(created_at) WHERE state = 'pending';
CREATE INDEX deliveries_dead ON deliveries(endpoint) WHERE state = 'dead';
)sql";

// Lets the alerter find the end of the earliest lease without reading every pending row.
constexpr const char* k_migration_2 = R"sql(
CREATE INDEX deliveries_leased ON deliveries(endpoint, lease_until)
  WHERE state = 'pending' AND lease_until IS NOT NULL;
)sql";

// The alert becomes the unit: one row per story cluster, every rule's match pointing to
// it, deliveries per alert and endpoint with a follow-up number, held deliveries (backlog,
// silences) and silences. Existing alerts (one per rule and story) become one alert per
// story; their deliveries keep their webhook ids and are numbered in the order written.
constexpr const char* k_migration_3 = R"sql(
CREATE TABLE silences (
  id          INTEGER PRIMARY KEY,
  rule_glob   TEXT NOT NULL DEFAULT '',
  topic       TEXT NOT NULL DEFAULT '',
  feed_glob   TEXT NOT NULL DEFAULT '',
  endpoint    TEXT NOT NULL DEFAULT '',
  query       TEXT NOT NULL DEFAULT '',
  comment     TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  starts_at   INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL,
  expired_at  INTEGER,
  CHECK (ends_at >= starts_at)
) STRICT;
CREATE INDEX silences_by_end ON silences(ends_at);

CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL UNIQUE REFERENCES items(id),
  story_key   TEXT NOT NULL,
  open_link   TEXT,
  raised_at   INTEGER NOT NULL,
  snippet     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE UNIQUE INDEX alerts_by_open_link ON alerts(open_link) WHERE open_link IS NOT NULL;
CREATE INDEX alerts_by_time ON alerts(raised_at);

INSERT INTO alerts (item_id, story_key, raised_at)
  SELECT m.item_id, f.configured_url || char(31) || i.entry_id, min(m.created_at)
  FROM matches m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
  WHERE m.cluster_of IS NULL GROUP BY m.item_id;

CREATE TABLE matches_3 (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id),
  alert_id    INTEGER NOT NULL REFERENCES alerts(id),
  rule_id     TEXT NOT NULL,
  rule_title  TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  topics      TEXT NOT NULL,
  hits        TEXT NOT NULL,
  events      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (item_id, rule_id)
) STRICT;
INSERT INTO matches_3 (id, item_id, alert_id, rule_id, rule_title, severity, topics, hits, events,
                       created_at)
  SELECT m.id, m.item_id, a.id, m.rule_id, m.rule_title, m.severity, m.topics, m.hits, m.events,
         m.created_at
  FROM matches m JOIN matches p ON p.id = COALESCE(m.cluster_of, m.id)
  JOIN alerts a ON a.item_id = p.item_id;

CREATE TABLE deliveries_3 (
  id               INTEGER PRIMARY KEY,
  alert_id         INTEGER NOT NULL REFERENCES alerts(id),
  endpoint         TEXT NOT NULL,
  sequence         INTEGER NOT NULL CHECK (sequence >= 0),
  webhook_id       TEXT NOT NULL UNIQUE,
  rules            TEXT NOT NULL,
  topics           TEXT NOT NULL,
  severity         TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'delivered', 'dead', 'held')),
  hold_reason      TEXT CHECK (hold_reason IN ('backlog', 'silenced')),
  silence_id       INTEGER REFERENCES silences(id),
  digest_window    INTEGER,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_until      INTEGER,
  last_attempt_at  INTEGER,
  last_status      INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  UNIQUE (alert_id, endpoint, sequence),
  CHECK ((state = 'held') = (hold_reason IS NOT NULL))
) STRICT;
INSERT INTO deliveries_3 (id, alert_id, endpoint, sequence, webhook_id, rules, topics, severity,
                          state, attempts, next_attempt_at, lease_until, last_attempt_at,
                          last_status, last_error, created_at, finished_at)
  SELECT d.id, m.alert_id, d.endpoint,
         row_number() OVER (PARTITION BY m.alert_id, d.endpoint ORDER BY d.id) - 1,
         d.webhook_id, json_array(m.rule_id), m.topics, m.severity, d.state, d.attempts,
         d.next_attempt_at, d.lease_until, d.last_attempt_at, d.last_status, d.last_error,
         d.created_at, d.finished_at
  FROM deliveries d JOIN matches_3 m ON m.id = d.match_id;

DROP TABLE deliveries;
DROP TABLE matches;
ALTER TABLE matches_3 RENAME TO matches;
ALTER TABLE deliveries_3 RENAME TO deliveries;

CREATE INDEX matches_by_alert ON matches(alert_id);
CREATE INDEX matches_by_rule ON matches(rule_id, created_at);
CREATE INDEX deliveries_due ON deliveries(endpoint, next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_leased ON deliveries(endpoint, lease_until)
  WHERE state = 'pending' AND lease_until IS NOT NULL;
CREATE INDEX deliveries_digest_due ON deliveries(endpoint, next_attempt_at)
  WHERE state = 'pending' AND digest_window IS NOT NULL;
CREATE INDEX deliveries_pending_age ON deliveries(created_at) WHERE state = 'pending';
CREATE INDEX deliveries_dead ON deliveries(endpoint) WHERE state = 'dead';
CREATE INDEX deliveries_by_silence ON deliveries(silence_id) WHERE silence_id IS NOT NULL;
)sql";

// Several daemons on one database: each registers an instance row and renews its
// heartbeat; a feed is claimed for a poll and a delivery leased in an instance's name.
constexpr const char* k_migration_4 = R"sql(
CREATE TABLE instances (
  id            TEXT PRIMARY KEY,
  host          TEXT NOT NULL,
  pid           INTEGER NOT NULL,
  started_at    INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL
) STRICT;

-- No index on the feeds' holder: every poll would add and remove an entry, while the
-- table is small enough to scan when a daemon stops or `newsmon status` counts.
ALTER TABLE feeds ADD COLUMN lease_holder TEXT;
ALTER TABLE feeds ADD COLUMN lease_until INTEGER;

ALTER TABLE deliveries ADD COLUMN lease_holder TEXT;
CREATE INDEX deliveries_by_lease_holder ON deliveries(lease_holder)
  WHERE lease_holder IS NOT NULL;
)sql";

// Politeness across daemons (store.h): the table exists on SQLite too, so both backends
// keep the same schema and contract, though the one daemon on a file needs no slots.
constexpr const char* k_migration_5 = R"sql(
CREATE TABLE host_slots (
  host        TEXT NOT NULL,
  slot        INTEGER NOT NULL,
  instance    TEXT,
  expires_at  INTEGER NOT NULL,
  PRIMARY KEY (host, slot)
) WITHOUT ROWID;
)sql";

constexpr std::array<const char*, 5> k_migrations{k_migration_1, k_migration_2, k_migration_3,
                                                  k_migration_4, k_migration_5};

util::Result<int> user_version(Database& database) {
  auto statement = database.prepare("PRAGMA user_version");
  if (!statement) return statement.error();
  Query query(*statement);
  auto row = query->step();
  if (!row) return row.error();
  return *row ? query->integer(0) : 0;
}

util::Status apply(Database& database, int version) {
  WriteTransaction transaction(database);
  if (!transaction.begun()) return transaction.begun();
  // Another process may have migrated while this one waited for the lock.
  auto current = user_version(database);
  if (!current) return current.error();
  if (*current >= version) return {};
  if (auto status = database.execute(k_migrations[static_cast<std::size_t>(version - 1)]);
      !status) {
    return status;
  }
  // PRAGMA takes no parameters; the version is a number from this table, not input.
  const std::string bump = "PRAGMA user_version = " + std::to_string(version);
  if (auto status = database.execute(bump.c_str()); !status) return status;
  return transaction.commit();
}

util::Error newer_schema(const Database& database, int found) {
  return util::make_error(
      "the database {} has schema version {} but this newsmon knows only up to {}: it was "
      "written by a newer newsmon; run that version, or restore a backup",
      database.name(), found, schema_version());
}

}  // namespace

int schema_version() {
  return static_cast<int>(k_migrations.size());
}

util::Status migrate(Database& database) {
  auto current = user_version(database);
  if (!current) return current.error();
  if (*current > schema_version()) return newer_schema(database, *current);
  for (int version = *current + 1; version <= schema_version(); ++version) {
    if (auto status = apply(database, version); !status) {
      return util::make_error("upgrading the database schema to version {}: {}", version,
                              status.error().message);
    }
  }
  return {};
}

util::Status check_version(Database& database) {
  auto current = user_version(database);
  if (!current) return current.error();
  if (*current > schema_version()) return newer_schema(database, *current);
  if (*current < schema_version()) {
    return util::make_error(
        "the database {} has schema version {}, older than this newsmon's {}: start the daemon "
        "once (newsmon run or newsmon once) to upgrade it",
        database.name(), *current, schema_version());
  }
  return {};
}

}  // namespace newsmon::store::sqlite
