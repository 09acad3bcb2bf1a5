-- The schema of newsmon's database at version 2, before alerts became one per story.
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
CREATE INDEX deliveries_leased ON deliveries(endpoint, lease_until)
  WHERE state = 'pending' AND lease_until IS NOT NULL;
-- Rows as newsmon with schema version 2 left them: one alert per rule and story.
-- Item 1 (the seed story) matched two rules; item 2, another outlet's copy, was folded
-- into item 1's alert of the first rule. Item 3 matched one rule and was never sent.
INSERT INTO feeds (id, configured_url, url, title) VALUES
  (1, 'https://wire.example.net/rss', 'https://wire.example.net/rss', 'Wire World'),
  (2, 'https://paper.example.com/feed', 'https://paper.example.com/feed', 'Paper Europe');
INSERT INTO items (id, feed_id, entry_id, link, canonical_link, host, title, summary, content,
                   content_hash, simhash, published_at, published_status, published_raw,
                   first_seen) VALUES
  (1, 1, 'seed', 'https://wire.example.net/seed', 'https://wire.example.net/seed',
   'wire.example.net', 'NATO chief urges South Korea to send weapons', '', '', 'h1', 1,
   1675060000, 'parsed', 'Mon, 30 Jan 2023 06:26:40 GMT', 1675060100),
  (2, 2, 'copy', 'https://paper.example.com/seed', 'https://paper.example.com/seed',
   'paper.example.com', 'NATO head presses Seoul on arms', '', '', 'h2', 1, NULL, 'missing',
   '', 1675060200),
  (3, 1, 'other', 'https://wire.example.net/other', 'https://wire.example.net/other',
   'wire.example.net', 'Tanks for Poland', '', '', 'h3', NULL, NULL, 'missing', '', 1675060300);
INSERT INTO matches (id, item_id, rule_id, rule_title, severity, topics, hits, events,
                     created_at, cluster_of) VALUES
  (1, 1, 'nato-arms-appeal', 'NATO appeals for arms', 'high', '["alliance_diplomacy"]',
   '[]', '[]', 1675060100, NULL),
  (2, 1, 'arms-transfer-request', 'Arms requested', 'medium', '["arms_transfer"]', '[]', '[]',
   1675060100, NULL),
  (3, 2, 'nato-arms-appeal', 'NATO appeals for arms', 'high', '["alliance_diplomacy"]', '[]',
   '[]', 1675060200, 1),
  (4, 3, 'arms-transfer-request', 'Arms requested', 'medium', '["arms_transfer"]', '[]', '[]',
   1675060300, NULL);
INSERT INTO deliveries (id, match_id, endpoint, webhook_id, state, attempts, next_attempt_at,
                        last_status, created_at, finished_at) VALUES
  (1, 1, 'analysts', 'msg_one', 'delivered', 1, 1675060100, 204, 1675060100, 1675060101),
  (2, 2, 'analysts', 'msg_two', 'delivered', 1, 1675060100, 204, 1675060100, 1675060101),
  (3, 4, 'analysts', 'msg_three', 'pending', 0, 1675060300, 0, 1675060300, NULL);
PRAGMA user_version = 2;
