// Items, alerts, matches and their deliveries in PostgreSQL: the primitives Store::ingest()
// runs in one transaction. Which story is a copy of which alert, and which webhooks get
// what, is decided above; here are the queries and the constraints.

#include <mutex>

#include <nlohmann/json.hpp>

#include "daemon/store/ingest_values.h"
#include "daemon/store/postgres/postgres_store.h"

namespace newsmon::store {
namespace {

// Every ingest of every process on the database holds it until its transaction ends, so
// the decisions above see what earlier ingests wrote (as BEGIN IMMEDIATE does in SQLite).
constexpr const char* k_ingest_lock = "SELECT pg_advisory_xact_lock(7142301, 2)";

constexpr const char* k_known_entry_ids =
    "SELECT value FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS e(value, n) "
    "WHERE EXISTS (SELECT 1 FROM items WHERE feed_id = $1 AND entry_id = e.value) ORDER BY n";

constexpr const char* k_feed_url = "SELECT configured_url FROM feeds WHERE id = $1";

constexpr const char* k_insert_item =
    "INSERT INTO items (feed_id, entry_id, link, canonical_link, host, title, summary, content, "
    "content_hash, simhash, published_at, published_status, published_raw, first_seen) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
    "ON CONFLICT (feed_id, entry_id) DO NOTHING RETURNING id";

constexpr const char* k_alert_by_link =
    "SELECT a.id FROM items i JOIN matches m ON m.item_id = i.id "
    "JOIN alerts a ON a.id = m.alert_id "
    "WHERE i.canonical_link = $1 AND i.canonical_link <> '' AND i.id <> $2 "
    "AND a.raised_at >= $3 ORDER BY a.raised_at, a.id LIMIT 1";

constexpr const char* k_alert_candidates =
    "SELECT DISTINCT a.id, i.simhash, a.raised_at FROM alerts a "
    "JOIN matches m ON m.alert_id = a.id JOIN items i ON i.id = m.item_id "
    "WHERE a.raised_at >= $1 AND i.simhash IS NOT NULL AND i.host <> $2 AND i.id <> $3 "
    "ORDER BY a.raised_at, a.id";

constexpr const char* k_release_claim =
    "UPDATE alerts SET open_link = NULL WHERE open_link = $1 AND raised_at < $2";

constexpr const char* k_insert_alert =
    "INSERT INTO alerts (item_id, story_key, open_link, raised_at, snippet) "
    "VALUES ($1, $2, NULLIF($3, ''), $4, $5) ON CONFLICT DO NOTHING RETURNING id";

constexpr const char* k_alert_story_key = "SELECT story_key FROM alerts WHERE id = $1";

constexpr const char* k_insert_match =
    "INSERT INTO matches (item_id, alert_id, rule_id, rule_title, severity, topics, hits, events, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "ON CONFLICT (item_id, rule_id) DO NOTHING";

constexpr const char* k_alert_rules =
    "SELECT rule_id, rule_title, topics, severity FROM matches WHERE alert_id = $1 ORDER BY id";

constexpr const char* k_alert_deliveries =
    "SELECT endpoint, sequence, state, rules, topics, severity FROM deliveries "
    "WHERE alert_id = $1 ORDER BY endpoint, sequence";

constexpr const char* k_insert_delivery =
    "INSERT INTO deliveries (alert_id, endpoint, sequence, webhook_id, rules, topics, severity, "
    "state, hold_reason, silence_id, digest_window, next_attempt_at, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
    "ON CONFLICT (alert_id, endpoint, sequence) DO NOTHING";

// The id a RETURNING statement gave, or nullopt when it inserted nothing.
util::Result<std::optional<std::int64_t>> returned_id(util::Result<postgres::Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::int64_t>();
  return std::optional(rows->int64(0, 0));
}

util::Result<bool> changed(util::Result<postgres::Rows> rows) {
  if (!rows) return rows.error();
  return rows->changed() > 0;
}

// Runs `sql` with the values it is called with.
auto run_with(postgres::Connection& connection, const char* sql) {
  return [&connection, sql](const auto&... values) { return connection.query(sql, values...); };
}

}  // namespace

// Holds the store's lock, its transaction and the ingest lock from begin_ingest() on.
class PostgresStore::Ingest final : public IngestTransaction {
 public:
  explicit Ingest(PostgresStore& store)
      : m_connection(store.m_connection),
        m_lock(store.m_mutex),
        m_transaction(store.m_connection) {}

  util::Status begin() {
    if (!m_transaction.begun()) return m_transaction.begun();
    auto locked = m_connection.run(k_ingest_lock);
    if (!locked) return locked.error();
    return {};
  }

  util::Result<std::string> feed_identity(std::int64_t feed_id) override;
  util::Result<std::optional<std::int64_t>> insert_item(std::int64_t feed_id,
                                                        const IncomingItem& incoming,
                                                        const std::string& outlet,
                                                        Epoch now) override;
  util::Result<std::optional<std::int64_t>> alert_by_link(const std::string& canonical_link,
                                                          std::int64_t except_item,
                                                          Epoch since) override {
    return returned_id(m_connection.query(k_alert_by_link, canonical_link, except_item, since));
  }
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
  postgres::Connection& m_connection;
  std::unique_lock<std::mutex> m_lock;  // declared before the transaction: released after it
  postgres::Transaction m_transaction;
};

util::Result<std::unique_ptr<IngestTransaction>> PostgresStore::begin_ingest() {
  auto ingest = std::make_unique<Ingest>(*this);
  if (auto status = ingest->begin(); !status) return status.error();
  return std::unique_ptr<IngestTransaction>(std::move(ingest));
}

util::Result<std::vector<std::string>> PostgresStore::known_entry_ids(
    std::int64_t feed_id, const std::vector<std::string>& entry_ids) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.query(k_known_entry_ids, feed_id, nlohmann::json(entry_ids).dump());
  if (!rows) return rows.error();
  return postgres::collect<std::string>(*rows,
                                        [](const postgres::Row& row) { return row.text(0); });
}

util::Result<std::string> PostgresStore::Ingest::feed_identity(std::int64_t feed_id) {
  auto rows = m_connection.query(k_feed_url, feed_id);
  if (!rows) return rows.error();
  if (rows->empty()) return util::make_error("no feed with id {} in the database", feed_id);
  return rows->text(0, 0);
}

util::Result<std::optional<std::int64_t>> PostgresStore::Ingest::insert_item(
    std::int64_t feed_id, const IncomingItem& incoming, const std::string& outlet, Epoch now) {
  return returned_id(
      ingest_values::item(feed_id, incoming, outlet, now, run_with(m_connection, k_insert_item)));
}

util::Result<std::vector<AlertCandidate>> PostgresStore::Ingest::alert_candidates(
    Epoch since, const std::string& except_outlet, std::int64_t except_item) {
  auto rows = m_connection.query(k_alert_candidates, since, except_outlet, except_item);
  if (!rows) return rows.error();
  return postgres::collect<AlertCandidate>(*rows, ingest_values::read_candidate<postgres::Row>);
}

util::Result<std::optional<std::int64_t>> PostgresStore::Ingest::insert_alert(
    const NewAlert& alert) {
  if (!alert.canonical_link.empty()) {
    auto released = m_connection.query(k_release_claim, alert.canonical_link, alert.claims_since);
    if (!released) return released.error();
  }
  return returned_id(ingest_values::alert(alert, run_with(m_connection, k_insert_alert)));
}

util::Result<std::string> PostgresStore::Ingest::alert_story_key(std::int64_t alert_id) {
  auto rows = m_connection.query(k_alert_story_key, alert_id);
  if (!rows) return rows.error();
  if (rows->empty()) return util::make_error("no alert with id {} in the database", alert_id);
  return rows->text(0, 0);
}

util::Result<bool> PostgresStore::Ingest::insert_match(std::int64_t item_id, std::int64_t alert_id,
                                                       const rules::Match& match, Epoch now) {
  return changed(
      ingest_values::match(item_id, alert_id, match, now, run_with(m_connection, k_insert_match)));
}

util::Result<std::vector<AlertRule>> PostgresStore::Ingest::alert_rules(std::int64_t alert_id) {
  auto rows = m_connection.query(k_alert_rules, alert_id);
  if (!rows) return rows.error();
  return ingest_values::unique_rules(
      postgres::collect<AlertRule>(*rows, ingest_values::read_rule<postgres::Row>));
}

util::Result<std::vector<PastDelivery>> PostgresStore::Ingest::alert_deliveries(
    std::int64_t alert_id) {
  auto rows = m_connection.query(k_alert_deliveries, alert_id);
  if (!rows) return rows.error();
  return postgres::collect<PastDelivery>(*rows, ingest_values::read_past_delivery<postgres::Row>);
}

util::Result<bool> PostgresStore::Ingest::insert_delivery(const NewDelivery& delivery, Epoch now) {
  return changed(ingest_values::delivery(delivery, now, run_with(m_connection, k_insert_delivery)));
}

}  // namespace newsmon::store
