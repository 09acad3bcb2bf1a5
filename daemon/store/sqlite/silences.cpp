// Silences: stored by `newsmon silence`, read every few seconds by the daemon.

#include "daemon/store/sqlite/columns.h"
#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

constexpr const char* k_insert_silence =
    "INSERT INTO silences (rule_glob, topic, feed_glob, endpoint, query, comment, created_by, "
    "created_at, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "RETURNING id";

constexpr const char* k_expire_silence =
    "UPDATE silences SET ends_at = max(?2, starts_at), expired_at = ?2 "
    "WHERE id = ?1 AND ends_at > ?2";

constexpr const char* k_silence_exists = "SELECT 1 FROM silences WHERE id = ?1";

constexpr const char* k_select_silences =
    "SELECT s.id, s.rule_glob, s.topic, s.feed_glob, s.endpoint, s.query, s.comment, "
    "s.created_by, s.created_at, s.starts_at, s.ends_at, s.expired_at, "
    "(SELECT count(*) FROM deliveries d WHERE d.silence_id = s.id) FROM silences s "
    "WHERE (?1 = 'all' OR (?1 = 'active' AND s.starts_at <= ?2 AND s.ends_at > ?2) "
    "OR (?1 = 'expired' AND s.ends_at <= ?2)) AND (?4 = 0 OR s.id < ?4) "
    "ORDER BY s.id DESC LIMIT ?3";

}  // namespace

util::Result<std::int64_t> SqliteStore::add_silence(const NewSilence& silence, Epoch now) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun().error();
  auto insert = statement(k_insert_silence);
  if (!insert) return insert.error();
  std::int64_t id = 0;
  {
    sqlite::Query query(**insert);
    const auto& matchers = silence.matchers;
    query->bind_all(matchers.rule_glob, matchers.topic, matchers.feed_glob, matchers.endpoint,
                    matchers.query, silence.comment, silence.created_by, now, silence.starts_at,
                    silence.ends_at);
    auto row = query->step();
    if (!row) return row.error();
    id = query->int64(0);
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return id;
}

util::Result<bool> SqliteStore::expire_silence(std::int64_t id, Epoch now) {
  std::lock_guard lock(m_mutex);
  auto changed = update_counted(k_expire_silence,
                                [&](sqlite::Statement& update) { update.bind_all(id, now); });
  if (!changed) return changed.error();
  if (*changed > 0) return true;
  auto select = statement(k_silence_exists);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, id);
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return util::make_error("there is no silence {}", id);
  return false;
}

util::Result<std::vector<Silence>> SqliteStore::silences(const SilenceQuery& request) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_silences);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(rows::silence_state_name(request.state), request.now,
                  static_cast<std::int64_t>(request.limit), request.before_id);
  return sqlite::collect<Silence>(query, rows::read_silence<sqlite::Statement>);
}

}  // namespace newsmon::store
