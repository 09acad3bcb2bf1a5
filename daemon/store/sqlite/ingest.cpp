// Items, matches and their deliveries in SQLite: the primitives Store::ingest() runs in
// one BEGIN IMMEDIATE transaction. Which match is a copy of an earlier alert is decided
// above, in store/cluster.cpp; here are the queries and the constraints.

#include <bit>
#include <mutex>

#include <nlohmann/json.hpp>

#include "daemon/store/sqlite/sqlite_store.h"
#include "daemon/util/crypto.h"

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

// A copy's own row points at the alert it was folded into; either may be the one found.
// `canonical_link <> ''` lets SQLite use the partial index on links: without it the
// query reads every match of the rule, and ingest slows as alerts accumulate.
constexpr const char* k_cluster_by_link =
    "SELECT primary_match.id FROM items item "
    "JOIN matches copy ON copy.item_id = item.id AND copy.rule_id = ?3 "
    "JOIN matches primary_match ON primary_match.id = COALESCE(copy.cluster_of, copy.id) "
    "WHERE item.canonical_link = ?1 AND item.canonical_link <> '' AND item.id <> ?2 "
    "AND primary_match.created_at >= ?4 "
    "ORDER BY primary_match.created_at, primary_match.id LIMIT 1";

constexpr const char* k_cluster_candidates =
    "SELECT primary_match.id, item.simhash FROM matches copy "
    "JOIN items item ON item.id = copy.item_id "
    "JOIN matches primary_match ON primary_match.id = COALESCE(copy.cluster_of, copy.id) "
    "WHERE copy.rule_id = ?1 AND copy.created_at >= ?2 AND primary_match.created_at >= ?2 "
    "AND item.simhash IS NOT NULL AND item.host <> ?3 AND item.id <> ?4 "
    "ORDER BY primary_match.created_at, primary_match.id";

constexpr const char* k_insert_match =
    "INSERT INTO matches (item_id, rule_id, rule_title, severity, topics, hits, events, "
    "created_at, cluster_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (item_id, rule_id) DO NOTHING RETURNING id";

constexpr const char* k_insert_delivery =
    "INSERT INTO deliveries (match_id, endpoint, webhook_id, next_attempt_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING";

std::optional<std::int64_t> stored_simhash(const std::optional<std::uint64_t>& simhash) {
  if (!simhash) return std::nullopt;
  return std::bit_cast<std::int64_t>(*simhash);
}

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
                                                          const std::string& rule_id,
                                                          Epoch since) override;
  util::Result<std::vector<AlertCandidate>> alert_candidates(const std::string& rule_id,
                                                             Epoch since,
                                                             const std::string& except_outlet,
                                                             std::int64_t except_item) override;
  util::Result<std::optional<std::int64_t>> insert_match(
      std::int64_t item_id, const rules::Match& match, Epoch now,
      std::optional<std::int64_t> copy_of) override;
  util::Result<bool> insert_delivery(std::int64_t match_id, const std::string& endpoint,
                                     const std::string& webhook_id, Epoch now) override;
  util::Status commit() override { return m_transaction.commit(); }

 private:
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
  std::vector<std::string> known;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return known;
    known.push_back(query->text(0));
  }
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
  const feed::Item& item = incoming.item;
  auto insert = m_store.statement(k_insert_item);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  std::string hashed = item.title;
  hashed.append(1, '\0').append(item.summary).append(1, '\0').append(item.content);
  query->bind_all(
      feed_id, item.id, item.link, incoming.canonical_link, outlet, item.title, item.summary,
      item.content, util::sha256_hex(hashed), stored_simhash(incoming.simhash),
      item.published.has_value() ? std::optional(item.published.epoch_seconds) : std::nullopt,
      feed::k_date_status_names.name_of(item.published.status), item.published.raw, now);
  return returned_id(query);
}

util::Result<std::optional<std::int64_t>> SqliteStore::Ingest::alert_by_link(
    const std::string& canonical_link, std::int64_t except_item, const std::string& rule_id,
    Epoch since) {
  auto select = m_store.statement(k_cluster_by_link);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(canonical_link, except_item, rule_id, since);
  return returned_id(query);
}

util::Result<std::vector<AlertCandidate>> SqliteStore::Ingest::alert_candidates(
    const std::string& rule_id, Epoch since, const std::string& except_outlet,
    std::int64_t except_item) {
  auto select = m_store.statement(k_cluster_candidates);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(rule_id, since, except_outlet, except_item);
  std::vector<AlertCandidate> candidates;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return candidates;
    candidates.push_back({query->int64(0), std::bit_cast<std::uint64_t>(query->int64(1))});
  }
}

util::Result<std::optional<std::int64_t>> SqliteStore::Ingest::insert_match(
    std::int64_t item_id, const rules::Match& match, Epoch now,
    std::optional<std::int64_t> copy_of) {
  auto insert = m_store.statement(k_insert_match);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  query->bind_all(item_id, match.rule_id, match.rule_title, rules::severity_name(match.severity),
                  nlohmann::json(match.topics).dump(), nlohmann::json(match.hits).dump(),
                  nlohmann::json(match.events).dump(), now, copy_of);
  return returned_id(query);
}

util::Result<bool> SqliteStore::Ingest::insert_delivery(std::int64_t match_id,
                                                        const std::string& endpoint,
                                                        const std::string& webhook_id, Epoch now) {
  auto insert = m_store.statement(k_insert_delivery);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  query->bind_all(match_id, endpoint, webhook_id, now);
  if (auto status = query->run(); !status) return status.error();
  return m_store.m_database.changes() > 0;
}

}  // namespace newsmon::store
