// Host slots in PostgreSQL: politeness limits shared by the daemons (store.h "Politeness
// across daemons"). The table is UNLOGGED: a slot lease is worth nothing after a crash of
// the server (its polls are over), so taking and giving one back writes no WAL and its
// commit does not wait for the disk.

#include "daemon/store/postgres/postgres_store.h"

namespace newsmon::store {
namespace {

// The lowest slot with no live lease: inserted when it was never taken, taken over when
// its lease ran out. Two daemons choosing the same free slot at once meet at its primary
// key: the second waits for the first, then finds the lease live and takes nothing.
constexpr const char* k_take_slot =
    "INSERT INTO host_slots (host, slot, instance, expires_at) "
    "SELECT $1::text, s, $2::text, $3::bigint FROM generate_series(0, $4::integer - 1) AS s "
    "WHERE NOT EXISTS (SELECT 1 FROM host_slots h WHERE h.host = $1::text AND h.slot = s "
    "AND h.expires_at > $5::bigint) ORDER BY s LIMIT 1 "
    "ON CONFLICT (host, slot) DO UPDATE SET instance = excluded.instance, "
    "expires_at = excluded.expires_at WHERE host_slots.expires_at <= $5::bigint "
    "RETURNING slot";

constexpr const char* k_live_slots =
    "SELECT count(*) FROM host_slots WHERE host = $1::text AND slot < $2::integer "
    "AND expires_at > $3::bigint";

constexpr const char* k_release_slot =
    "DELETE FROM host_slots WHERE host = $1::text AND slot = $2::integer "
    "AND instance IS NOT DISTINCT FROM $3::text";

}  // namespace

util::Result<std::optional<int>> PostgresStore::take_host_slot(const std::string& host, int slots,
                                                               Epoch now,
                                                               std::chrono::seconds lease) {
  std::lock_guard lock(m_mutex);
  const std::int64_t until = now + lease.count();
  // Losing the race for a free slot takes nothing although another may still be free:
  // try again while one is, at most once per slot.
  for (int attempt = 0; attempt < slots; ++attempt) {
    auto taken = m_connection.query(k_take_slot, host, m_instance, until, slots, now);
    if (!taken) return taken.error();
    if (taken->size() > 0) return std::optional<int>(taken->integer(0, 0));
    auto live = m_connection.query(k_live_slots, host, slots, now);
    if (!live) return live.error();
    if (live->int64(0, 0) >= slots) break;
  }
  return std::optional<int>();
}

util::Status PostgresStore::release_host_slot(const std::string& host, int slot) {
  std::lock_guard lock(m_mutex);
  auto released = m_connection.query(k_release_slot, host, slot, m_instance);
  if (!released) return released.error();
  return {};
}

}  // namespace newsmon::store
