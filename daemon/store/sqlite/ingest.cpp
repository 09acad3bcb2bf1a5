// Items, alerts, matches and their deliveries in SQLite: the primitives Store::ingest()
// runs in one BEGIN IMMEDIATE transaction. Which story is a copy of which alert, and which
// webhooks get what, is decided above; here are the queries and the constraints.

#include <mutex>

#include <nlohmann/json.hpp>

#include "daemon/store/ingest_values.h"
#include "daemon/store/sqlite/columns.h"
#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

constexpr const char* k_known_entry_ids =
    "SELECT value FROM json_each(?2) "
    "WHERE EXISTS (SELECT 1 FROM items WHERE feed_id = ?1 AND entry_id = value)";

constexpr const char* k_feed_url = "SELECT configured_url FROM feeds WHERE id = ?1";

constexpr const char* k_insert_item =
    "INSERT INTO items (feed_id, entry_id, link, canonical_link, host, title, summary, content, "
    "content_hash, simhash, published_at, published_status, published_raw, first_seen) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
    "ON CONFLICT (feed_id, entry_id) DO NOTHING RETURNING id";

// A story of an alert, its own or a copy, may be the one found. `canonical_link <> ''`
// lets SQLite use the partial index on links: without it the query reads every match
// stored, and ingest slows as alerts accumulate.
constexpr const char* k_alert_by_link =
    "SELECT a.id FROM items i JOIN matches m ON m.item_id = i.id "
    "JOIN alerts a ON a.id = m.alert_id "
    "WHERE i.canonical_link = ?1 AND i.canonical_link <> '' AND i.id <> ?2 "
    "AND a.raised_at >= ?3 ORDER BY a.raised_at, a.id LIMIT 1";

constexpr const char* k_alert_candidates =
    "SELECT DISTINCT a.id, i.simhash, a.raised_at FROM alerts a "
    "JOIN matches m ON m.alert_id = a.id JOIN items i ON i.id = m.item_id "
    "WHERE a.raised_at >= ?1 AND i.simhash IS NOT NULL AND i.host <> ?2 AND i.id <> ?3 "
    "ORDER BY a.raised_at, a.id";

// A link is claimed by one alert at a time (the partial unique index); a claim older than
// the cluster window lapses and is taken over.
constexpr const char* k_release_claim =
    "UPDATE alerts SET open_link = NULL WHERE open_link = ?1 AND raised_at < ?2";

constexpr const char* k_insert_alert =
    "INSERT INTO alerts (item_id, story_key, open_link, raised_at, snippet) "
    "VALUES (?1, ?2, NULLIF(?3, ''), ?4, ?5) ON CONFLICT DO NOTHING RETURNING id";

constexpr const char* k_alert_story_key = "SELECT story_key FROM alerts WHERE id = ?1";

constexpr const char* k_insert_match =
    "INSERT INTO matches (item_id, alert_id, rule_id, rule_title, severity, topics, hits, events, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (item_id, rule_id) DO NOTHING";

constexpr const char* k_alert_rules =
    "SELECT rule_id, rule_title, topics, severity FROM matches WHERE alert_id = ?1 ORDER BY id";

constexpr const char* k_alert_deliveries =
    "SELECT endpoint, sequence, state, rules, topics, severity FROM deliveries "
    "WHERE alert_id = ?1 ORDER BY endpoint, sequence";

constexpr const char* k_insert_delivery =
    "INSERT INTO deliveries (alert_id, endpoint, sequence, webhook_id, rules, topics, severity, "
    "state, hold_reason, silence_id, digest_window, next_attempt_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "ON CONFLICT (alert_id, endpoint, sequence) DO NOTHING";

// The id a RETURNING statement gave, or nullopt when it inserted nothing.
util::Result<std::optional<std::int64_t>> returned_id(sqlite::Query& query) {
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional(query->int64(0));
}

}  // namespace

// Holds the store's lock and its write transaction from begin_ingest() to the end.
class SqliteStore::Ingest final : public IngestTransaction {
 public:
  explicit Ingest(SqliteStore& store)
      : m_store(store), m_lock(store.m_mutex), m_transaction(store.m_database) {}

  const util::Status& begun() const { return m_transaction.begun(); }

  util::Result<std::string> feed_identity(std::int64_t feed_id) override;
  util::Result<std::optional<std::int64_t>> insert_item(std::int64_t feed_id,
                                                        const IncomingItem& incoming,
                                                        const std::string& outlet,
                                                        Epoch now) override;
  util::Result<std::optional<std::int64_t>> alert_by_link(const std::string& canonical_link,
                                                          std::int64_t except_item,
                                                          Epoch since) override;
  util::Result<std::vector<AlertCandidate>> alert_candidates(Epoch since,
                                                             const std::string& except_outlet,
                                                             std::int64_t except_item) override;
  util::Result<std::optional<std::int64_t>> insert_alert(const NewAlert& alert) override;
  util::Result<std::string> alert_story_key(std::int64_t alert_id) override;
  util::Result<bool> insert_match(std::int64_t item_id, std::int64_t alert_id,
                                  const rules::Match& match, Epoch now) override;
  util::Result<std::vector<AlertRule>> alert_rules(std::int64_t alert_id) override;
  util::Result<std::vector<PastDelivery>> alert_deliveries(std::int64_t alert_id) override;
  util::Result<bool> insert_delivery(const NewDelivery& delivery, Epoch now) override;
  util::Status commit() override { return m_transaction.commit(); }

 private:
  /// Runs an INSERT or UPDATE; true when it changed a row.
  template <typename... Args>
  util::Result<bool> changed(const char* sql, const Args&... args);

  SqliteStore& m_store;
  std::unique_lock<std::mutex> m_lock;  // declared before the transaction: released after it
  sqlite::WriteTransaction m_transaction;
};

util::Result<std::unique_ptr<IngestTransaction>> SqliteStore::begin_ingest() {
  auto ingest = std::make_unique<Ingest>(*this);
  if (!ingest->begun()) return ingest->begun().error();
  return std::unique_ptr<IngestTransaction>(std::move(ingest));
}

util::Result<std::vector<std::string>> SqliteStore::known_entry_ids(
    std::int64_t feed_id, const std::vector<std::string>& entry_ids) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_known_entry_ids);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(feed_id, nlohmann::json(entry_ids).dump());
  return sqlite::collect<std::string>(query,
                                      [](const sqlite::Statement& row) { return row.text(0); });
}

template <typename... Args>
util::Result<bool> SqliteStore::Ingest::changed(const char* sql, const Args&... args) {
  auto insert = m_store.statement(sql);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  query->bind_all(args...);
  if (auto status = query->run(); !status) return status.error();
  return m_store.m_database.changes() > 0;
}

util::Result<std::string> SqliteStore::Ingest::feed_identity(std::int64_t feed_id) {
  auto select = m_store.statement(k_feed_url);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, feed_id);
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return util::make_error("no feed with id {} in the database", feed_id);
  return query->text(0);
}

util::Result<std::optional<std::int64_t>> SqliteStore::Ingest::insert_item(
    std::int64_t feed_id, const IncomingItem& incoming, const std::string& outlet, Epoch now) {
  auto insert = m_store.statement(k_insert_item);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  ingest_values::item(feed_id, incoming, outlet, now,
                      [&](const auto&... values) { query->bind_all(values...); });
  return returned_id(query);
}

util::Result<std::optional<std::int64_t>> SqliteStore::Ingest::alert_by_link(
    const std::string& canonical_link, std::int64_t except_item, Epoch since) {
  auto select = m_store.statement(k_alert_by_link);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(canonical_link, except_item, since);
  return returned_id(query);
}

util::Result<std::vector<AlertCandidate>> SqliteStore::Ingest::alert_candidates(
    Epoch since, const std::string& except_outlet, std::int64_t except_item) {
  auto select = m_store.statement(k_alert_candidates);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(since, except_outlet, except_item);
  return sqlite::collect<AlertCandidate>(query, ingest_values::read_candidate<sqlite::Statement>);
}

util::Result<std::optional<std::int64_t>> SqliteStore::Ingest::insert_alert(const NewAlert& alert) {
  if (!alert.canonical_link.empty()) {
    auto released = changed(k_release_claim, alert.canonical_link, alert.claims_since);
    if (!released) return released.error();
  }
  auto insert = m_store.statement(k_insert_alert);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  ingest_values::alert(alert, [&](const auto&... values) { query->bind_all(values...); });
  return returned_id(query);
}

util::Result<std::string> SqliteStore::Ingest::alert_story_key(std::int64_t alert_id) {
  auto select = m_store.statement(k_alert_story_key);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, alert_id);
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return util::make_error("no alert with id {} in the database", alert_id);
  return query->text(0);
}

util::Result<bool> SqliteStore::Ingest::insert_match(std::int64_t item_id, std::int64_t alert_id,
                                                     const rules::Match& match, Epoch now) {
  return ingest_values::match(item_id, alert_id, match, now, [&](const auto&... values) {
    return changed(k_insert_match, values...);
  });
}

util::Result<std::vector<AlertRule>> SqliteStore::Ingest::alert_rules(std::int64_t alert_id) {
  auto select = m_store.statement(k_alert_rules);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, alert_id);
  auto rows = sqlite::collect<AlertRule>(query, ingest_values::read_rule<sqlite::Statement>);
  if (!rows) return rows;
  return ingest_values::unique_rules(std::move(*rows));
}

util::Result<std::vector<PastDelivery>> SqliteStore::Ingest::alert_deliveries(
    std::int64_t alert_id) {
  auto select = m_store.statement(k_alert_deliveries);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, alert_id);
  return sqlite::collect<PastDelivery>(query, ingest_values::read_past_delivery<sqlite::Statement>);
}

util::Result<bool> SqliteStore::Ingest::insert_delivery(const NewDelivery& delivery, Epoch now) {
  return ingest_values::delivery(
      delivery, now, [&](const auto&... values) { return changed(k_insert_delivery, values...); });
}

}  // namespace newsmon::store
