// The delivery outbox: leases (one by one, or a digest window at once), outcomes, and
// the queue's numbers.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "daemon/store/assembly.h"
#include "daemon/store/sqlite/columns.h"
#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

// One statement, so two processes can never lease the same row (NOTES.md "SQLite").
constexpr const char* k_lease =
    "UPDATE deliveries SET lease_until = ?3, lease_holder = ?5, attempts = attempts + 1, "
    "last_attempt_at = ?2 WHERE id IN (SELECT id FROM deliveries WHERE state = 'pending' AND "
    "endpoint = ?1 "
    "AND digest_window IS NULL AND next_attempt_at <= ?2 "
    "AND (lease_until IS NULL OR lease_until <= ?2) ORDER BY next_attempt_at, id LIMIT ?4) "
    "RETURNING id, alert_id, webhook_id, attempts, sequence, rules, topics, severity, "
    "digest_window";

// Every free due row of the digest window that is due first.
constexpr const char* k_lease_digest =
    "UPDATE deliveries SET lease_until = ?3, lease_holder = ?5, attempts = attempts + 1, "
    "last_attempt_at = ?2 WHERE state = 'pending' AND endpoint = ?1 AND next_attempt_at <= ?2 "
    "AND (lease_until IS NULL OR lease_until <= ?2) "
    "AND digest_window = (SELECT digest_window FROM deliveries WHERE state = 'pending' "
    "AND endpoint = ?1 AND digest_window IS NOT NULL AND next_attempt_at <= ?2 "
    "AND (lease_until IS NULL OR lease_until <= ?2) ORDER BY next_attempt_at, id LIMIT 1) "
    "RETURNING id, alert_id, webhook_id, attempts, sequence, rules, topics, severity, "
    "digest_window";

// What the endpoint was told about the alert before a follow-up: the first message's id
// and the last message's notice.
constexpr const char* k_told_before =
    "SELECT webhook_id, rules, topics, severity FROM deliveries "
    "WHERE alert_id = ?1 AND endpoint = ?2 AND sequence < ?3 AND state <> 'held' "
    "ORDER BY sequence";

// The earlier of the first free row's retry time and the first lease to run out, each
// read from the head of its own index (min() of SQLite is NULL if either side is).
constexpr const char* k_next_due =
    "SELECT min(coalesce(free, lease_end), coalesce(lease_end, free)) FROM ("
    "SELECT (SELECT next_attempt_at FROM deliveries WHERE state = 'pending' AND endpoint = ?1 "
    "AND (lease_until IS NULL OR lease_until <= ?2) ORDER BY next_attempt_at LIMIT 1) AS free, "
    "(SELECT lease_until FROM deliveries WHERE state = 'pending' AND endpoint = ?1 "
    "AND lease_until > ?2 ORDER BY lease_until LIMIT 1) AS lease_end)";

constexpr const char* k_record =
    "UPDATE deliveries SET state = ?2, "
    "next_attempt_at = CASE WHEN ?2 = 'pending' THEN ?3 ELSE next_attempt_at END, "
    "lease_until = NULL, lease_holder = NULL, last_status = ?4, last_error = ?5, "
    "finished_at = CASE WHEN ?2 = 'pending' THEN NULL ELSE ?6 END "
    "WHERE id = ?1 AND state = 'pending'";

constexpr const char* k_release =
    "UPDATE deliveries SET lease_until = NULL, lease_holder = NULL, "
    "attempts = MAX(attempts - 1, 0) "
    "WHERE id = ?1 AND state = 'pending' AND lease_until IS NOT NULL";

constexpr const char* k_kill_endpoint =
    "UPDATE deliveries SET state = 'dead', lease_until = NULL, lease_holder = NULL, "
    "last_error = ?2, "
    "finished_at = ?3 WHERE endpoint = ?1 AND state = 'pending'";

constexpr const char* k_kill_unconfigured =
    "UPDATE deliveries SET state = 'dead', lease_until = NULL, lease_holder = NULL, "
    "last_error = 'its webhook is no longer in the configuration', finished_at = ?2 "
    "WHERE state = 'pending' AND endpoint NOT IN (SELECT value FROM json_each(?1))";

constexpr const char* k_pending_stats =
    "SELECT COUNT(*), MIN(created_at) FROM deliveries WHERE state = 'pending'";

constexpr const char* k_dead_count = "SELECT COUNT(*) FROM deliveries WHERE state = 'dead'";

using rows::LeasedRow;

}  // namespace

util::Result<std::vector<DeliveryJob>> SqliteStore::lease_deliveries(const std::string& endpoint,
                                                                     Epoch now,
                                                                     std::chrono::seconds lease,
                                                                     std::size_t limit) {
  std::lock_guard lock(m_mutex);
  return lease_jobs(k_lease, endpoint, now, lease, static_cast<std::int64_t>(limit));
}

util::Result<std::vector<DeliveryJob>> SqliteStore::lease_digest(const std::string& endpoint,
                                                                 Epoch now,
                                                                 std::chrono::seconds lease) {
  std::lock_guard lock(m_mutex);
  return lease_jobs(k_lease_digest, endpoint, now, lease, std::nullopt);
}

util::Result<std::vector<DeliveryJob>> SqliteStore::lease_jobs(const char* sql,
                                                               const std::string& endpoint,
                                                               Epoch now,
                                                               std::chrono::seconds lease,
                                                               std::optional<std::int64_t> limit) {
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun().error();
  auto update = statement(sql);
  if (!update) return update.error();
  std::vector<LeasedRow> leased_rows;
  {
    sqlite::Query query(**update);
    query->bind_all(endpoint, now, now + lease.count());
    if (limit) query->bind(4, *limit);
    query->bind(5, m_instance);
    auto read = sqlite::collect<LeasedRow>(
        query, [&](const sqlite::Statement& row) { return rows::read_leased(row, endpoint); });
    if (!read) return read.error();
    leased_rows = std::move(*read);
  }
  auto jobs = assembly::leased_jobs(
      std::move(leased_rows), [&](std::int64_t id) { return load_alert(id); },
      [&](DeliveryJob& job) { return load_told_before(job); });
  if (!jobs) return jobs;
  if (auto status = transaction.commit(); !status) return status.error();
  return jobs;
}

util::Status SqliteStore::load_told_before(DeliveryJob& job) {
  if (job.sequence == 0) return {};
  auto select = statement(k_told_before);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(job.alert.id, job.endpoint, job.sequence);
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return {};
    if (job.updates.empty()) job.updates = query->text(0);
    job.previous = sqlite::notice_of(*query, 1);
  }
}

util::Result<std::optional<Epoch>> SqliteStore::next_delivery_due(const std::string& endpoint,
                                                                  Epoch now) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_next_due);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(endpoint, now);
  auto row = query->step();
  if (!row) return row.error();
  return *row ? query->optional_int64(0) : std::nullopt;
}

util::Status SqliteStore::record_deliveries(const std::vector<DeliveryOutcome>& outcomes) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun();
  auto update = statement(k_record);
  if (!update) return update.error();
  for (const auto& outcome : outcomes) {
    sqlite::Query query(**update);
    query->bind_all(outcome.delivery_id, delivery_state_name(outcome.state),
                    outcome.next_attempt_at, outcome.http_status, outcome.error, outcome.now);
    if (auto status = query->run(); !status) return status;
  }
  return transaction.commit();
}

util::Status SqliteStore::release_deliveries(const std::vector<std::int64_t>& delivery_ids) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun();
  auto update = statement(k_release);
  if (!update) return update.error();
  for (const auto id : delivery_ids) {
    sqlite::Query query(**update);
    query->bind(1, id);
    if (auto status = query->run(); !status) return status;
  }
  return transaction.commit();
}

util::Result<std::int64_t> SqliteStore::kill_deliveries(const std::string& endpoint,
                                                        const std::string& error, Epoch now) {
  std::lock_guard lock(m_mutex);
  return update_counted(k_kill_endpoint,
                        [&](sqlite::Statement& update) { update.bind_all(endpoint, error, now); });
}

util::Result<std::int64_t> SqliteStore::kill_unconfigured_deliveries(
    const std::vector<std::string>& configured, Epoch now) {
  std::lock_guard lock(m_mutex);
  return update_counted(k_kill_unconfigured, [&](sqlite::Statement& update) {
    update.bind_all(nlohmann::json(configured).dump(), now);
  });
}

util::Result<std::int64_t> SqliteStore::update_counted(
    const char* sql, const std::function<void(sqlite::Statement&)>& bind) {
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun().error();
  auto update = statement(sql);
  if (!update) return update.error();
  std::int64_t changed = 0;
  {
    sqlite::Query query(**update);
    bind(*query);
    if (auto status = query->run(); !status) return status.error();
    changed = m_database.changes();
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return changed;
}

util::Result<QueueStats> SqliteStore::queue_stats(Epoch now) {
  std::lock_guard lock(m_mutex);
  QueueStats stats;
  auto pending = statement(k_pending_stats);
  if (!pending) return pending.error();
  {
    sqlite::Query query(**pending);
    auto row = query->step();
    if (!row) return row.error();
    stats.pending = query->int64(0);
    if (const auto oldest = query->optional_int64(1)) {
      stats.oldest_pending_age_seconds = std::max<std::int64_t>(0, now - *oldest);
    }
  }
  auto dead = statement(k_dead_count);
  if (!dead) return dead.error();
  sqlite::Query query(**dead);
  auto row = query->step();
  if (!row) return row.error();
  stats.dead = query->int64(0);
  return stats;
}

}  // namespace newsmon::store
