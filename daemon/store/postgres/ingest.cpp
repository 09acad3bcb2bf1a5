// Items, alerts, matches and their deliveries in PostgreSQL: the primitives Store::ingest()
// runs in one transaction. Which story is a copy of which alert, and which webhooks get
// what, is decided above; here are the queries and the constraints.

#include <algorithm>
#include <bit>
#include <mutex>

#include <nlohmann/json.hpp>

#include "daemon/store/postgres/postgres_store.h"
#include "daemon/store/row_readers.h"
#include "daemon/util/crypto.h"

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

std::optional<std::int64_t> stored_simhash(const std::optional<std::uint64_t>& simhash) {
  if (!simhash) return std::nullopt;
  return std::bit_cast<std::int64_t>(*simhash);
}

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
  const feed::Item& item = incoming.item;
  std::string hashed = item.title;
  hashed.append(1, '\0').append(item.summary).append(1, '\0').append(item.content);
  return returned_id(m_connection.query(
      k_insert_item, feed_id, item.id, item.link, incoming.canonical_link, outlet, item.title,
      item.summary, item.content, util::sha256_hex(hashed), stored_simhash(incoming.simhash),
      item.published.has_value() ? std::optional(item.published.epoch_seconds) : std::nullopt,
      feed::k_date_status_names.name_of(item.published.status), item.published.raw, now));
}

util::Result<std::vector<AlertCandidate>> PostgresStore::Ingest::alert_candidates(
    Epoch since, const std::string& except_outlet, std::int64_t except_item) {
  auto rows = m_connection.query(k_alert_candidates, since, except_outlet, except_item);
  if (!rows) return rows.error();
  return postgres::collect<AlertCandidate>(*rows, [](const postgres::Row& row) {
    return AlertCandidate{row.int64(0), std::bit_cast<std::uint64_t>(row.int64(1))};
  });
}

util::Result<std::optional<std::int64_t>> PostgresStore::Ingest::insert_alert(
    const NewAlert& alert) {
  if (!alert.canonical_link.empty()) {
    auto released = m_connection.query(k_release_claim, alert.canonical_link, alert.claims_since);
    if (!released) return released.error();
  }
  return returned_id(m_connection.query(
      k_insert_alert, alert.item_id, alert.story_key, alert.canonical_link, alert.raised_at,
      alert.snippet ? rows::snippet_json(*alert.snippet) : std::string("{}")));
}

util::Result<std::string> PostgresStore::Ingest::alert_story_key(std::int64_t alert_id) {
  auto rows = m_connection.query(k_alert_story_key, alert_id);
  if (!rows) return rows.error();
  if (rows->empty()) return util::make_error("no alert with id {} in the database", alert_id);
  return rows->text(0, 0);
}

util::Result<bool> PostgresStore::Ingest::insert_match(std::int64_t item_id, std::int64_t alert_id,
                                                       const rules::Match& match, Epoch now) {
  return changed(m_connection.query(
      k_insert_match, item_id, alert_id, match.rule_id, match.rule_title,
      rules::severity_name(match.severity), nlohmann::json(match.topics).dump(),
      nlohmann::json(match.hits).dump(), nlohmann::json(match.events).dump(), now));
}

util::Result<std::vector<AlertRule>> PostgresStore::Ingest::alert_rules(std::int64_t alert_id) {
  auto rows = m_connection.query(k_alert_rules, alert_id);
  if (!rows) return rows.error();
  std::vector<AlertRule> unique;
  for (int i = 0; i < rows->size(); ++i) {
    const postgres::Row row{*rows, i};
    const auto id = row.text(0);
    const bool seen = std::any_of(unique.begin(), unique.end(),
                                  [&](const AlertRule& other) { return other.id == id; });
    if (seen) continue;
    unique.push_back(AlertRule{id, row.text(1), rows::string_array(row.text(2)),
                               rows::severity_of(row.text(3))});
  }
  return unique;
}

util::Result<std::vector<PastDelivery>> PostgresStore::Ingest::alert_deliveries(
    std::int64_t alert_id) {
  auto rows = m_connection.query(k_alert_deliveries, alert_id);
  if (!rows) return rows.error();
  return postgres::collect<PastDelivery>(*rows, [](const postgres::Row& row) {
    return PastDelivery{row.text(0), row.integer(1),
                        k_delivery_state_names.find(row.text(2)).value_or(DeliveryState::pending),
                        rows::notice_of(row, 3)};
  });
}

util::Result<bool> PostgresStore::Ingest::insert_delivery(const NewDelivery& delivery, Epoch now) {
  const PlannedDelivery& plan = *delivery.plan;
  const auto state = plan.hold ? DeliveryState::held : DeliveryState::pending;
  const auto hold = plan.hold ? std::optional<std::string>(k_hold_reason_names.name_of(*plan.hold))
                              : std::nullopt;
  return changed(m_connection.query(
      k_insert_delivery, delivery.alert_id, plan.endpoint, delivery.sequence, delivery.webhook_id,
      nlohmann::json(plan.notice.rules).dump(), nlohmann::json(plan.notice.topics).dump(),
      rules::severity_name(plan.notice.severity), delivery_state_name(state), hold, plan.silence_id,
      plan.digest_window, plan.due, now));
}

}  // namespace newsmon::store
