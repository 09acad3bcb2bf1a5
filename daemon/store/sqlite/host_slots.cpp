// Host slots in SQLite (store.h "Politeness across daemons"). The daemon owns its file, so
// it never asks for slots here (shares_host_slots() is false); the methods still keep the
// contract, for tests and for whatever opens a file shared.

#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

// The lowest slot with no live lease, in one statement (SQLite has one writer at a time).
constexpr const char* k_take_slot =
    "WITH RECURSIVE numbers(s) AS (SELECT 0 UNION ALL SELECT s + 1 FROM numbers WHERE s + 1 < ?4) "
    "INSERT INTO host_slots (host, slot, instance, expires_at) "
    "SELECT ?1, s, ?2, ?3 FROM numbers WHERE NOT EXISTS (SELECT 1 FROM host_slots h "
    "WHERE h.host = ?1 AND h.slot = numbers.s AND h.expires_at > ?5) ORDER BY s LIMIT 1 "
    "ON CONFLICT (host, slot) DO UPDATE SET instance = excluded.instance, "
    "expires_at = excluded.expires_at WHERE host_slots.expires_at <= ?5 "
    "RETURNING slot";

constexpr const char* k_release_slot =
    "DELETE FROM host_slots WHERE host = ?1 AND slot = ?2 AND instance IS ?3";

}  // namespace

util::Result<std::optional<int>> SqliteStore::take_host_slot(const std::string& host, int slots,
                                                             Epoch now,
                                                             std::chrono::seconds lease) {
  std::lock_guard lock(m_mutex);
  auto take = statement(k_take_slot);
  if (!take) return take.error();
  sqlite::Query query(**take);
  query->bind_all(host, m_instance, now + lease.count(), slots, now);
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return std::optional<int>();
  const int slot = query->integer(0);
  if (auto done = query->run(); !done) return done.error();
  return std::optional<int>(slot);
}

util::Status SqliteStore::release_host_slot(const std::string& host, int slot) {
  std::lock_guard lock(m_mutex);
  auto changed = update_counted(k_release_slot, [&](sqlite::Statement& release) {
    release.bind_all(host, slot, m_instance);
  });
  if (!changed) return changed.error();
  return {};
}

}  // namespace newsmon::store
