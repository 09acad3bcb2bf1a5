// Instances and feed claims: several daemons sharing one database, each lease held in an
// instance's name (store.h "Instances and feed leases").

#include <unordered_set>

#include <nlohmann/json.hpp>

#include "daemon/store/assembly.h"
#include "daemon/store/in_transaction.h"
#include "daemon/store/sqlite/columns.h"
#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

constexpr const char* k_insert_instance =
    "INSERT INTO instances (id, host, pid, started_at, heartbeat_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET host = excluded.host, "
    "pid = excluded.pid, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at";

// The rows whose leases a registering instance takes back: its own id (a configured
// name), the same host and pid gone silent, and, when the database is ours alone (?5),
// every other row.
constexpr const char* k_predecessors =
    "SELECT id FROM instances WHERE id = ?1 OR (host = ?2 AND pid = ?3 AND heartbeat_at < ?4) "
    "OR ?5 = 1";

constexpr const char* k_heartbeat = "UPDATE instances SET heartbeat_at = ?2 WHERE id = ?1";

constexpr const char* k_release_feeds_of =
    "UPDATE feeds SET lease_holder = NULL, lease_until = NULL "
    "WHERE lease_holder IN (SELECT value FROM json_each(?1))";

// A retired instance may have sent the message before it died: the attempt stays counted.
constexpr const char* k_release_deliveries_of =
    "UPDATE deliveries SET lease_holder = NULL, lease_until = NULL "
    "WHERE lease_holder IN (SELECT value FROM json_each(?1)) AND state = 'pending'";

// On a clean stop nothing was sent under these leases (the alerter settled its own).
constexpr const char* k_hand_back_deliveries =
    "UPDATE deliveries SET lease_holder = NULL, lease_until = NULL, "
    "attempts = MAX(attempts - 1, 0) WHERE lease_holder = ?1 AND state = 'pending'";

constexpr const char* k_release_slots_of =
    "DELETE FROM host_slots WHERE instance IN (SELECT value FROM json_each(?1))";

constexpr const char* k_delete_instances =
    "DELETE FROM instances WHERE id IN (SELECT value FROM json_each(?1))";

constexpr const char* k_select_instances =
    "SELECT i.id, i.host, i.pid, i.started_at, i.heartbeat_at, "
    "(SELECT COUNT(*) FROM feeds f WHERE f.lease_holder = i.id AND f.lease_until > ?1), "
    "(SELECT COUNT(*) FROM deliveries d WHERE d.lease_holder = i.id AND d.state = 'pending' "
    "AND d.lease_until > ?1) "
    "FROM instances i ORDER BY i.started_at, i.id";

// One statement: two instances can never both take a feed.
constexpr const char* k_claim_feeds =
    "UPDATE feeds SET lease_holder = ?2, lease_until = ?3 "
    "WHERE id IN (SELECT value FROM json_each(?1)) AND active = 1 "
    "AND (?5 = 1 OR next_poll_at <= ?4) "
    "AND (lease_until IS NULL OR lease_until <= ?4 OR lease_holder = ?2) RETURNING id";

const std::string k_select_claimed = std::string("SELECT ") + sqlite::k_feed_columns +
                                     " FROM feeds WHERE id IN (SELECT value FROM json_each(?1)) "
                                     "AND active = 1 ORDER BY id";

constexpr const char* k_release_feeds =
    "UPDATE feeds SET lease_holder = NULL, lease_until = NULL "
    "WHERE id IN (SELECT value FROM json_each(?1)) AND lease_holder IS ?2";

// A claim or a heartbeat lost to a power cut costs nothing (its writer is gone too), so
// their commits skip the disk sync synchronous=FULL makes; the next durable commit syncs
// them along. Set outside a transaction, as SQLite requires.
class RelaxedSync {
 public:
  explicit RelaxedSync(sqlite::Database& database) : m_database(database) {
    (void)m_database.execute("PRAGMA synchronous = NORMAL");
  }
  ~RelaxedSync() { (void)m_database.execute("PRAGMA synchronous = FULL"); }
  RelaxedSync(const RelaxedSync&) = delete;
  RelaxedSync& operator=(const RelaxedSync&) = delete;

 private:
  sqlite::Database& m_database;
};

}  // namespace

util::Status SqliteStore::register_instance(const InstanceInfo& instance, Epoch stale_before) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun();
  auto gone = predecessors(instance, stale_before);
  if (!gone) return gone.error();
  if (auto retired = retire_locked(*gone); !retired) return retired.error();
  if (auto inserted = insert_instance(instance); !inserted) return inserted;
  if (auto status = transaction.commit(); !status) return status;
  m_instance_info = instance;
  m_instance = instance.id;
  return {};
}

util::Result<std::vector<std::string>> SqliteStore::predecessors(const InstanceInfo& instance,
                                                                 Epoch stale_before) {
  auto select = statement(k_predecessors);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(instance.id, instance.host, instance.pid, stale_before, m_lock.held() ? 1 : 0);
  return sqlite::collect<std::string>(query,
                                      [](const sqlite::Statement& row) { return row.text(0); });
}

util::Status SqliteStore::insert_instance(const InstanceInfo& instance) {
  auto insert = statement(k_insert_instance);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  query->bind_all(instance.id, instance.host, instance.pid, instance.started_at,
                  instance.heartbeat_at);
  return query->run();
}

util::Status SqliteStore::heartbeat(Epoch now) {
  std::lock_guard lock(m_mutex);
  if (!m_instance_info) {
    return util::make_error("no instance registered in the database {}", m_database.name());
  }
  m_instance_info->heartbeat_at = now;
  RelaxedSync relaxed(m_database);
  auto changed = update_counted(
      k_heartbeat, [&](sqlite::Statement& update) { update.bind_all(*m_instance, now); });
  if (!changed) return changed.error();
  if (*changed > 0) return {};
  // Another instance found this one silent and retired it: come back.
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun();
  if (auto inserted = insert_instance(*m_instance_info); !inserted) return inserted;
  return transaction.commit();
}

util::Status SqliteStore::unregister_instance() {
  std::lock_guard lock(m_mutex);
  if (!m_instance) return {};
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun();
  auto hand_back = statement(k_hand_back_deliveries);
  if (!hand_back) return hand_back.error();
  {
    sqlite::Query query(**hand_back);
    query->bind(1, *m_instance);
    if (auto status = query->run(); !status) return status;
  }
  if (auto retired = retire_locked({*m_instance}); !retired) return retired.error();
  if (auto status = transaction.commit(); !status) return status;
  m_instance.reset();
  m_instance_info.reset();
  return {};
}

util::Result<std::int64_t> SqliteStore::retire_instances(const std::vector<std::string>& ids) {
  std::lock_guard lock(m_mutex);
  return in_transaction<sqlite::WriteTransaction>(m_database, [&] { return retire_locked(ids); });
}

util::Result<std::int64_t> SqliteStore::retire_locked(const std::vector<std::string>& ids) {
  if (ids.empty()) return std::int64_t{0};
  const std::string json = nlohmann::json(ids).dump();
  std::int64_t released = 0;
  for (const char* sql :
       {k_release_feeds_of, k_release_deliveries_of, k_release_slots_of, k_delete_instances}) {
    auto update = statement(sql);
    if (!update) return update.error();
    sqlite::Query query(**update);
    query->bind(1, json);
    if (auto status = query->run(); !status) return status.error();
    if (sql != k_delete_instances) released += m_database.changes();
  }
  return released;
}

util::Result<std::vector<InstanceStatus>> SqliteStore::instances(Epoch now) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_instances);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, now);
  return sqlite::collect<InstanceStatus>(query, rows::read_instance<sqlite::Statement>);
}

util::Result<std::vector<FeedClaim>> SqliteStore::claim_feeds(const std::vector<std::int64_t>& ids,
                                                              Epoch now, std::chrono::seconds lease,
                                                              ClaimScope scope) {
  if (ids.empty()) return std::vector<FeedClaim>{};
  std::lock_guard lock(m_mutex);
  const std::string json = nlohmann::json(ids).dump();
  RelaxedSync relaxed(m_database);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun().error();
  auto claim = statement(k_claim_feeds);
  if (!claim) return claim.error();
  std::unordered_set<std::int64_t> claimed;
  {
    sqlite::Query query(**claim);
    query->bind_all(json, m_instance, now + lease.count(), now, scope == ClaimScope::any ? 1 : 0);
    auto rows = sqlite::collect<std::int64_t>(
        query, [](const sqlite::Statement& row) { return row.int64(0); });
    if (!rows) return rows.error();
    claimed.insert(rows->begin(), rows->end());
  }
  auto select = statement(k_select_claimed.c_str());
  if (!select) return select.error();
  std::vector<FeedClaim> claims;
  {
    sqlite::Query query(**select);
    query->bind(1, json);
    auto states = sqlite::collect<FeedState>(query, sqlite::read_feed);
    if (!states) return states.error();
    claims = assembly::feed_claims(std::move(*states), claimed);
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return claims;
}

util::Status SqliteStore::release_feeds(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::lock_guard lock(m_mutex);
  auto changed = update_counted(k_release_feeds, [&](sqlite::Statement& update) {
    update.bind_all(nlohmann::json(ids).dump(), m_instance);
  });
  if (!changed) return changed.error();
  return {};
}

}  // namespace newsmon::store
