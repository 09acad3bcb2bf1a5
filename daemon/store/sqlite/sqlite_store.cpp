#include "daemon/store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "daemon/store/row_readers.h"
#include "daemon/store/sqlite/columns.h"
#include "daemon/store/sqlite/schema.h"

namespace newsmon::store {
namespace {

const std::string k_select_feeds =
    std::string("SELECT ") + sqlite::k_feed_columns + " FROM feeds ORDER BY id";

const std::string k_select_active_feeds =
    std::string("SELECT ") + sqlite::k_feed_columns + " FROM feeds WHERE active = 1 ORDER BY id";

constexpr const char* k_insert_feed =
    "INSERT INTO feeds (configured_url, url, next_poll_at) VALUES (?1, ?1, ?2) "
    "ON CONFLICT (configured_url) DO UPDATE SET active = 1";

constexpr const char* k_deactivate_feeds =
    "UPDATE feeds SET active = 0 "
    "WHERE active = 1 AND configured_url NOT IN (SELECT value FROM json_each(?1))";

constexpr const char* k_update_feed =
    "UPDATE feeds SET url = ?2, title = ?3, site_link = ?4, etag = ?5, last_modified = ?6, "
    "last_poll_at = ?7, last_result = ?8, last_http_status = ?9, last_error = ?10, "
    "last_new_items = ?11, consecutive_failures = ?12, last_success_at = ?13, "
    "next_poll_at = ?14, interval_seconds = ?15, publish_gap_seconds = ?16, "
    "last_new_item_at = ?17, redirect_candidate = ?18, redirect_streak = ?19, "
    "lease_holder = NULL, lease_until = NULL "
    "WHERE id = ?1 AND (lease_holder IS NULL OR lease_holder = ?20)";

util::Status configure(sqlite::Database& database, const SqliteOptions& options) {
  sqlite3_busy_timeout(database.get(), static_cast<int>(options.busy_timeout.count()));
  if (auto status = database.execute("PRAGMA foreign_keys = ON"); !status) return status;
  if (options.access == Access::read_only) {
    return database.execute("PRAGMA query_only = ON");
  }
  // WAL persists in the file; synchronous=FULL because NORMAL may roll back the last
  // commits on power loss, and a match must never be lost once ingest() returned.
  const std::string pragmas =
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
      "PRAGMA journal_size_limit = " +
      std::to_string(options.journal_size_limit) + ";";
  return database.execute(pragmas.c_str());
}

}  // namespace

SqliteStore::~SqliteStore() {
  // Leaves a small WAL behind for the next start; errors have no one to go to.
  (void)checkpoint();
  m_statements.clear();
}

util::Result<sqlite::Statement*> SqliteStore::statement(const char* sql) {
  if (const auto found = m_statements.find(sql); found != m_statements.end()) {
    return &found->second;
  }
  auto prepared = m_database.prepare(sql);
  if (!prepared) return prepared.error();
  auto [inserted, _] = m_statements.emplace(sql, std::move(*prepared));
  return &inserted->second;
}

util::Result<std::vector<FeedState>> SqliteStore::sync_feeds(const std::vector<std::string>& urls,
                                                             Epoch now) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun().error();
  auto insert = statement(k_insert_feed);
  if (!insert) return insert.error();
  for (const auto& url : urls) {
    sqlite::Query query(**insert);
    query->bind_all(url, now);
    if (auto status = query->run(); !status) return status.error();
  }
  auto deactivate = statement(k_deactivate_feeds);
  if (!deactivate) return deactivate.error();
  {
    sqlite::Query query(**deactivate);
    query->bind(1, nlohmann::json(urls).dump());
    if (auto status = query->run(); !status) return status.error();
  }
  std::vector<FeedState> active;
  auto select = statement(k_select_active_feeds.c_str());
  if (!select) return select.error();
  sqlite::Query query(**select);
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) break;
    active.push_back(sqlite::read_feed(*query));
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return active;
}

util::Result<std::vector<FeedState>> SqliteStore::feeds() {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_feeds.c_str());
  if (!select) return select.error();
  sqlite::Query query(**select);
  std::vector<FeedState> all;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return all;
    all.push_back(sqlite::read_feed(*query));
  }
}

util::Status SqliteStore::save_feed_state(const FeedState& state) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun();
  auto update = statement(k_update_feed);
  if (!update) return update.error();
  {
    sqlite::Query query(**update);
    query->bind_all(state.id, state.url, state.title, state.site_link, state.etag,
                    state.last_modified, state.last_poll_at, poll_result_name(state.last_result),
                    state.last_http_status, state.last_error, state.last_new_items,
                    state.consecutive_failures, state.last_success_at, state.next_poll_at,
                    state.interval_seconds, state.publish_gap_seconds, state.last_new_item_at,
                    state.redirect_candidate, state.redirect_streak, m_instance);
    if (auto status = query->run(); !status) return status;
  }
  return transaction.commit();
}

util::Status SqliteStore::checkpoint() {
  std::lock_guard lock(m_mutex);
  // TRUNCATE waits for readers through the busy handler; on the event loop that would be
  // a stall, so it gives up at once instead and is tried again at the next idle moment.
  sqlite3_busy_timeout(m_database.get(), 0);
  int log_frames = 0;
  int checkpointed = 0;
  const int code = sqlite3_wal_checkpoint_v2(m_database.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                             &log_frames, &checkpointed);
  sqlite3_busy_timeout(m_database.get(), static_cast<int>(m_busy_timeout.count()));
  if (code != SQLITE_OK && !sqlite::is_busy(code)) {
    return m_database.error(code, "checkpointing the write-ahead log");
  }
  return {};
}

util::Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path,
                                                       const SqliteOptions& options) {
  const bool in_memory = path == ":memory:";
  if (options.access == Access::read_only && !in_memory && !std::filesystem::exists(path)) {
    return util::make_error(
        "there is no database at {} yet: it is created when the daemon first runs (newsmon run "
        "or newsmon once); check `database:` in the configuration",
        path.string());
  }
  sqlite::DatabaseLock lock;
  if (options.claim == DatabaseClaim::exclusive && !in_memory) {
    auto acquired = sqlite::DatabaseLock::acquire(path);
    if (!acquired) return acquired.error();
    lock = std::move(*acquired);
  }
  const auto mode = options.access == Access::read_only ? sqlite::OpenMode::read_only
                                                        : sqlite::OpenMode::read_write_create;
  auto database = sqlite::Database::open(path, mode);
  if (!database) return database.error();
  if (auto status = configure(*database, options); !status) return status.error();
  const auto schema = options.access == Access::read_only ? sqlite::check_version(*database)
                                                          : sqlite::migrate(*database);
  if (!schema) return schema.error();
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(*database), options.busy_timeout, std::move(lock)));
}

}  // namespace newsmon::store
