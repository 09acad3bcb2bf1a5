// The delivery outbox in PostgreSQL: leases (one by one, or a digest window at once) taken
// with FOR UPDATE SKIP LOCKED, outcomes, and the queue's numbers.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "daemon/store/assembly.h"
#include "daemon/store/postgres/postgres_store.h"
#include "daemon/store/row_readers.h"

namespace newsmon::store {
namespace {

// Rows another transaction is leasing at this moment are skipped, not waited for; a row
// leased and committed a moment ago is seen with its lease (READ COMMITTED re-checks the
// locked row), so two processes never lease the same row.
constexpr const char* k_lease =
    "UPDATE deliveries SET lease_until = $3, lease_holder = $5, attempts = attempts + 1, "
    "last_attempt_at = $2 "
    "WHERE id IN (SELECT id FROM deliveries WHERE state = 'pending' AND endpoint = $1 "
    "AND digest_window IS NULL AND next_attempt_at <= $2 "
    "AND (lease_until IS NULL OR lease_until <= $2) ORDER BY next_attempt_at, id LIMIT $4 "
    "FOR UPDATE SKIP LOCKED) "
    "RETURNING id, alert_id, webhook_id, attempts, sequence, rules, topics, severity, "
    "digest_window";

// Every free due row of the digest window that is due first.
constexpr const char* k_lease_digest =
    "UPDATE deliveries SET lease_until = $3, lease_holder = $4, attempts = attempts + 1, "
    "last_attempt_at = $2 "
    "WHERE id IN (SELECT id FROM deliveries WHERE state = 'pending' AND endpoint = $1 "
    "AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2) "
    "AND digest_window = (SELECT digest_window FROM deliveries WHERE state = 'pending' "
    "AND endpoint = $1 AND digest_window IS NOT NULL AND next_attempt_at <= $2 "
    "AND (lease_until IS NULL OR lease_until <= $2) ORDER BY next_attempt_at, id LIMIT 1) "
    "FOR UPDATE SKIP LOCKED) "
    "RETURNING id, alert_id, webhook_id, attempts, sequence, rules, topics, severity, "
    "digest_window";

constexpr const char* k_told_before =
    "SELECT webhook_id, rules, topics, severity FROM deliveries "
    "WHERE alert_id = $1 AND endpoint = $2 AND sequence < $3 AND state <> 'held' "
    "ORDER BY sequence";

// LEAST ignores NULLs: the earlier of the first free row's retry time and the first lease
// to run out, each read from the head of its own index.
constexpr const char* k_next_due =
    "SELECT LEAST("
    "(SELECT next_attempt_at FROM deliveries WHERE state = 'pending' AND endpoint = $1 "
    "AND (lease_until IS NULL OR lease_until <= $2::bigint) ORDER BY next_attempt_at LIMIT 1), "
    "(SELECT lease_until FROM deliveries WHERE state = 'pending' AND endpoint = $1 "
    "AND lease_until > $2::bigint ORDER BY lease_until LIMIT 1))";

constexpr const char* k_record =
    "UPDATE deliveries SET state = $2::text, "
    "next_attempt_at = CASE WHEN $2::text = 'pending' THEN $3::bigint ELSE next_attempt_at END, "
    "lease_until = NULL, lease_holder = NULL, last_status = $4, last_error = $5, "
    "finished_at = CASE WHEN $2::text = 'pending' THEN NULL ELSE $6::bigint END "
    "WHERE id = $1 AND state = 'pending'";

constexpr const char* k_release =
    "UPDATE deliveries SET lease_until = NULL, lease_holder = NULL, "
    "attempts = GREATEST(attempts - 1, 0) "
    "WHERE id = $1 AND state = 'pending' AND lease_until IS NOT NULL";

constexpr const char* k_kill_endpoint =
    "UPDATE deliveries SET state = 'dead', lease_until = NULL, lease_holder = NULL, "
    "last_error = $2, "
    "finished_at = $3 WHERE endpoint = $1 AND state = 'pending'";

constexpr const char* k_kill_unconfigured =
    "UPDATE deliveries SET state = 'dead', lease_until = NULL, lease_holder = NULL, "
    "last_error = 'its webhook is no longer in the configuration', finished_at = $2 "
    "WHERE state = 'pending' AND endpoint NOT IN (SELECT jsonb_array_elements_text($1::jsonb))";

constexpr const char* k_queue_stats =
    "SELECT (SELECT count(*) FROM deliveries WHERE state = 'pending'), "
    "(SELECT min(created_at) FROM deliveries WHERE state = 'pending'), "
    "(SELECT count(*) FROM deliveries WHERE state = 'dead')";

using rows::LeasedRow;

postgres::Params lease_params(const std::string& endpoint, Epoch now, std::chrono::seconds lease) {
  postgres::Params params;
  params.add(endpoint);
  params.add(now);
  params.add(static_cast<std::int64_t>(now + lease.count()));
  return params;
}

}  // namespace

util::Result<std::vector<DeliveryJob>> PostgresStore::lease_deliveries(const std::string& endpoint,
                                                                       Epoch now,
                                                                       std::chrono::seconds lease,
                                                                       std::size_t limit) {
  std::lock_guard lock(m_mutex);
  auto params = lease_params(endpoint, now, lease);
  params.add(limit);
  params.add(m_instance);
  return lease_jobs(k_lease, std::move(params), endpoint);
}

util::Result<std::vector<DeliveryJob>> PostgresStore::lease_digest(const std::string& endpoint,
                                                                   Epoch now,
                                                                   std::chrono::seconds lease) {
  std::lock_guard lock(m_mutex);
  auto params = lease_params(endpoint, now, lease);
  params.add(m_instance);
  return lease_jobs(k_lease_digest, std::move(params), endpoint);
}

util::Result<std::vector<DeliveryJob>> PostgresStore::lease_jobs(const char* sql,
                                                                 postgres::Params params,
                                                                 const std::string& endpoint) {
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun().error();
  auto leased = m_connection.run(sql, params);
  if (!leased) return leased.error();
  auto leased_rows = postgres::collect<LeasedRow>(
      *leased, [&](const postgres::Row& row) { return rows::read_leased(row, endpoint); });
  auto jobs = assembly::leased_jobs(
      std::move(leased_rows), [&](std::int64_t id) { return load_alert(id); },
      [&](DeliveryJob& job) { return load_told_before(job); });
  if (!jobs) return jobs;
  if (auto status = transaction.commit(); !status) return status.error();
  return jobs;
}

util::Status PostgresStore::load_told_before(DeliveryJob& job) {
  if (job.sequence == 0) return {};
  auto rows = m_connection.query(k_told_before, job.alert.id, job.endpoint, job.sequence);
  if (!rows) return rows.error();
  for (int i = 0; i < rows->size(); ++i) {
    const postgres::Row row{*rows, i};
    if (job.updates.empty()) job.updates = row.text(0);
    job.previous = rows::notice_of(row, 1);
  }
  return {};
}

util::Result<std::optional<Epoch>> PostgresStore::next_delivery_due(const std::string& endpoint,
                                                                    Epoch now) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.query(k_next_due, endpoint, now);
  if (!rows) return rows.error();
  return rows->optional_int64(0, 0);
}

util::Status PostgresStore::record_deliveries(const std::vector<DeliveryOutcome>& outcomes) {
  std::lock_guard lock(m_mutex);
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun();
  for (const auto& outcome : outcomes) {
    auto updated = m_connection.query(k_record, outcome.delivery_id,
                                      delivery_state_name(outcome.state), outcome.next_attempt_at,
                                      outcome.http_status, outcome.error, outcome.now);
    if (!updated) return updated.error();
  }
  return transaction.commit();
}

util::Status PostgresStore::release_deliveries(const std::vector<std::int64_t>& delivery_ids) {
  std::lock_guard lock(m_mutex);
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun();
  for (const auto id : delivery_ids) {
    if (auto updated = m_connection.query(k_release, id); !updated) return updated.error();
  }
  return transaction.commit();
}

util::Result<std::int64_t> PostgresStore::kill_deliveries(const std::string& endpoint,
                                                          const std::string& error, Epoch now) {
  std::lock_guard lock(m_mutex);
  auto updated = m_connection.query(k_kill_endpoint, endpoint, error, now);
  if (!updated) return updated.error();
  return updated->changed();
}

util::Result<std::int64_t> PostgresStore::kill_unconfigured_deliveries(
    const std::vector<std::string>& configured, Epoch now) {
  std::lock_guard lock(m_mutex);
  auto updated = m_connection.query(k_kill_unconfigured, nlohmann::json(configured).dump(), now);
  if (!updated) return updated.error();
  return updated->changed();
}

util::Result<QueueStats> PostgresStore::queue_stats(Epoch now) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.run(k_queue_stats);
  if (!rows) return rows.error();
  QueueStats stats;
  stats.pending = rows->int64(0, 0);
  if (const auto oldest = rows->optional_int64(0, 1)) {
    stats.oldest_pending_age_seconds = std::max<std::int64_t>(0, now - *oldest);
  }
  stats.dead = rows->int64(0, 2);
  return stats;
}

}  // namespace newsmon::store
