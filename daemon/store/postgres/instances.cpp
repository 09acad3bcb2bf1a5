// Instances and feed claims in PostgreSQL: several daemons sharing one database, each
// lease held in an instance's name (store.h "Instances and feed leases"). Feeds are
// claimed with FOR UPDATE SKIP LOCKED, so two daemons never both take one.

#include <unordered_set>

#include <nlohmann/json.hpp>

#include "daemon/store/assembly.h"
#include "daemon/store/in_transaction.h"
#include "daemon/store/postgres/postgres_store.h"
#include "daemon/store/row_readers.h"

namespace newsmon::store {
namespace {

constexpr const char* k_insert_instance =
    "INSERT INTO instances (id, host, pid, started_at, heartbeat_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET host = excluded.host, "
    "pid = excluded.pid, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at";

// The rows whose leases a registering instance takes back: its own id (a configured
// name) and the same host and pid gone silent. No PostgreSQL daemon has the database to
// itself, so live instances elsewhere are never retired here.
constexpr const char* k_predecessors =
    "SELECT id FROM instances WHERE id = $1 OR (host = $2 AND pid = $3 AND heartbeat_at < $4)";

constexpr const char* k_heartbeat = "UPDATE instances SET heartbeat_at = $2 WHERE id = $1";

constexpr const char* k_release_feeds_of =
    "UPDATE feeds SET lease_holder = NULL, lease_until = NULL "
    "WHERE lease_holder IN (SELECT jsonb_array_elements_text($1::jsonb))";

// A retired instance may have sent the message before it died: the attempt stays counted.
constexpr const char* k_release_deliveries_of =
    "UPDATE deliveries SET lease_holder = NULL, lease_until = NULL "
    "WHERE lease_holder IN (SELECT jsonb_array_elements_text($1::jsonb)) AND state = 'pending'";

// On a clean stop nothing was sent under these leases (the alerter settled its own).
constexpr const char* k_hand_back_deliveries =
    "UPDATE deliveries SET lease_holder = NULL, lease_until = NULL, "
    "attempts = GREATEST(attempts - 1, 0) WHERE lease_holder = $1 AND state = 'pending'";

constexpr const char* k_release_slots_of =
    "DELETE FROM host_slots WHERE instance IN (SELECT jsonb_array_elements_text($1::jsonb))";

constexpr const char* k_delete_instances =
    "DELETE FROM instances WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))";

constexpr const char* k_select_instances =
    "SELECT i.id, i.host, i.pid, i.started_at, i.heartbeat_at, "
    "(SELECT count(*) FROM feeds f WHERE f.lease_holder = i.id AND f.lease_until > $1), "
    "(SELECT count(*) FROM deliveries d WHERE d.lease_holder = i.id AND d.state = 'pending' "
    "AND d.lease_until > $1) "
    "FROM instances i ORDER BY i.started_at, i.id";

// Feeds another transaction is claiming at this moment are skipped, not waited for; one
// claimed and committed a moment ago is seen with its lease (READ COMMITTED re-checks the
// locked row).
constexpr const char* k_claim_feeds =
    "UPDATE feeds SET lease_holder = $2, lease_until = $3 WHERE id IN ("
    "SELECT id FROM feeds WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
    "AND active = 1 AND ($5::integer = 1 OR next_poll_at <= $4::bigint) "
    "AND (lease_until IS NULL OR lease_until <= $4::bigint OR lease_holder = $2) "
    "FOR UPDATE SKIP LOCKED) RETURNING id";

constexpr const char* k_release_feeds =
    "UPDATE feeds SET lease_holder = NULL, lease_until = NULL "
    "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
    "AND lease_holder IS NOT DISTINCT FROM $2";

// A claim or a heartbeat lost in a crash costs nothing (its writer is gone too): their
// commits need not wait for the disk.
constexpr const char* k_relaxed_commit = "SET LOCAL synchronous_commit = off";

util::Result<std::vector<std::string>> texts(util::Result<postgres::Rows> rows) {
  if (!rows) return rows.error();
  return postgres::collect<std::string>(*rows,
                                        [](const postgres::Row& row) { return row.text(0); });
}

}  // namespace

util::Status PostgresStore::register_instance(const InstanceInfo& instance, Epoch stale_before) {
  std::lock_guard lock(m_mutex);
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun();
  auto gone = texts(
      m_connection.query(k_predecessors, instance.id, instance.host, instance.pid, stale_before));
  if (!gone) return gone.error();
  if (auto retired = retire_locked(*gone); !retired) return retired.error();
  if (auto inserted = insert_instance(instance); !inserted) return inserted;
  if (auto status = transaction.commit(); !status) return status;
  m_instance_info = instance;
  m_instance = instance.id;
  return {};
}

util::Status PostgresStore::insert_instance(const InstanceInfo& instance) {
  auto inserted = m_connection.query(k_insert_instance, instance.id, instance.host, instance.pid,
                                     instance.started_at, instance.heartbeat_at);
  if (!inserted) return inserted.error();
  return {};
}

util::Status PostgresStore::heartbeat(Epoch now) {
  std::lock_guard lock(m_mutex);
  if (!m_instance_info) {
    return util::make_error("no instance registered in the database {}", m_connection.name());
  }
  m_instance_info->heartbeat_at = now;
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun();
  if (auto relaxed = m_connection.execute(k_relaxed_commit); !relaxed) return relaxed;
  auto renewed = m_connection.query(k_heartbeat, *m_instance, now);
  if (!renewed) return renewed.error();
  // Another instance found this one silent and retired it: come back.
  if (renewed->changed() == 0) {
    if (auto inserted = insert_instance(*m_instance_info); !inserted) return inserted;
  }
  return transaction.commit();
}

util::Status PostgresStore::unregister_instance() {
  std::lock_guard lock(m_mutex);
  if (!m_instance) return {};
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun();
  if (auto handed = m_connection.query(k_hand_back_deliveries, *m_instance); !handed) {
    return handed.error();
  }
  if (auto retired = retire_locked({*m_instance}); !retired) return retired.error();
  if (auto status = transaction.commit(); !status) return status;
  m_instance.reset();
  m_instance_info.reset();
  return {};
}

util::Result<std::int64_t> PostgresStore::retire_instances(const std::vector<std::string>& ids) {
  std::lock_guard lock(m_mutex);
  return in_transaction<postgres::Transaction>(m_connection, [&] { return retire_locked(ids); });
}

util::Result<std::int64_t> PostgresStore::retire_locked(const std::vector<std::string>& ids) {
  if (ids.empty()) return std::int64_t{0};
  const std::string json = nlohmann::json(ids).dump();
  std::int64_t released = 0;
  for (const char* sql :
       {k_release_feeds_of, k_release_deliveries_of, k_release_slots_of, k_delete_instances}) {
    auto changed = m_connection.query(sql, json);
    if (!changed) return changed.error();
    if (sql != k_delete_instances) released += changed->changed();
  }
  return released;
}

util::Result<std::vector<InstanceStatus>> PostgresStore::instances(Epoch now) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.query(k_select_instances, now);
  if (!rows) return rows.error();
  return postgres::collect<InstanceStatus>(*rows, rows::read_instance<postgres::Row>);
}

util::Result<std::vector<FeedClaim>> PostgresStore::claim_feeds(
    const std::vector<std::int64_t>& ids, Epoch now, std::chrono::seconds lease, ClaimScope scope) {
  if (ids.empty()) return std::vector<FeedClaim>{};
  std::lock_guard lock(m_mutex);
  const std::string json = nlohmann::json(ids).dump();
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun().error();
  if (auto relaxed = m_connection.execute(k_relaxed_commit); !relaxed) return relaxed.error();
  auto taken = m_connection.query(k_claim_feeds, json, m_instance,
                                  static_cast<std::int64_t>(now + lease.count()), now,
                                  scope == ClaimScope::any ? 1 : 0);
  if (!taken) return taken.error();
  std::unordered_set<std::int64_t> claimed;
  for (int i = 0; i < taken->size(); ++i) claimed.insert(taken->int64(i, 0));
  auto states = select_feeds(
      "id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND active = 1", json);
  if (!states) return states.error();
  auto claims = assembly::feed_claims(std::move(*states), claimed);
  if (auto status = transaction.commit(); !status) return status.error();
  return claims;
}

util::Status PostgresStore::release_feeds(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::lock_guard lock(m_mutex);
  auto released = m_connection.query(k_release_feeds, nlohmann::json(ids).dump(), m_instance);
  if (!released) return released.error();
  return {};
}

}  // namespace newsmon::store
