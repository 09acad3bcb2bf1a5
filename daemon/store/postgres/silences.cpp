// Silences in PostgreSQL: stored by `newsmon silence`, read every few seconds by the daemon.

#include "daemon/store/postgres/postgres_store.h"
#include "daemon/store/row_readers.h"

namespace newsmon::store {
namespace {

constexpr const char* k_insert_silence =
    "INSERT INTO silences (rule_glob, topic, feed_glob, endpoint, query, comment, created_by, "
    "created_at, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "RETURNING id";

constexpr const char* k_expire_silence =
    "UPDATE silences SET ends_at = GREATEST($2::bigint, starts_at), expired_at = $2::bigint "
    "WHERE id = $1 AND ends_at > $2::bigint";

constexpr const char* k_silence_exists = "SELECT 1 FROM silences WHERE id = $1";

constexpr const char* k_select_silences =
    "SELECT s.id, s.rule_glob, s.topic, s.feed_glob, s.endpoint, s.query, s.comment, "
    "s.created_by, s.created_at, s.starts_at, s.ends_at, s.expired_at, "
    "(SELECT count(*) FROM deliveries d WHERE d.silence_id = s.id) FROM silences s "
    "WHERE ($1::text = 'all' OR ($1::text = 'active' AND s.starts_at <= $2::bigint "
    "AND s.ends_at > $2::bigint) OR ($1::text = 'expired' AND s.ends_at <= $2::bigint)) "
    "AND ($4::bigint = 0 OR s.id < $4::bigint) ORDER BY s.id DESC LIMIT $3";

}  // namespace

util::Result<std::int64_t> PostgresStore::add_silence(const NewSilence& silence, Epoch now) {
  std::lock_guard lock(m_mutex);
  const auto& matchers = silence.matchers;
  auto rows = m_connection.query(
      k_insert_silence, matchers.rule_glob, matchers.topic, matchers.feed_glob, matchers.endpoint,
      matchers.query, silence.comment, silence.created_by, now, silence.starts_at, silence.ends_at);
  if (!rows) return rows.error();
  return rows->int64(0, 0);
}

util::Result<bool> PostgresStore::expire_silence(std::int64_t id, Epoch now) {
  std::lock_guard lock(m_mutex);
  auto updated = m_connection.query(k_expire_silence, id, now);
  if (!updated) return updated.error();
  if (updated->changed() > 0) return true;
  auto found = m_connection.query(k_silence_exists, id);
  if (!found) return found.error();
  if (found->empty()) return util::make_error("there is no silence {}", id);
  return false;
}

util::Result<std::vector<Silence>> PostgresStore::silences(const SilenceQuery& request) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.query(k_select_silences, rows::silence_state_name(request.state),
                                 request.now, request.limit, request.before_id);
  if (!rows) return rows.error();
  return postgres::collect<Silence>(*rows, rows::read_silence<postgres::Row>);
}

}  // namespace newsmon::store
