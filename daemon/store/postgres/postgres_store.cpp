#include "daemon/store/postgres/postgres_store.h"

#include <nlohmann/json.hpp>

#include "daemon/store/postgres/open.h"
#include "daemon/store/postgres/schema.h"
#include "daemon/store/row_readers.h"

namespace newsmon::store {
namespace {

constexpr const char* k_select_feeds_where =
    "SELECT id, configured_url, url, title, site_link, active, etag, last_modified, "
    "last_poll_at, last_result, last_http_status, last_error, last_new_items, "
    "consecutive_failures, last_success_at, next_poll_at, interval_seconds, "
    "publish_gap_seconds, last_new_item_at, redirect_candidate, redirect_streak, "
    "coalesce(lease_holder, ''), coalesce(lease_until, 0) FROM feeds WHERE ";

// In the order listed (new feeds are numbered so), each URL once: ON CONFLICT DO UPDATE
// may touch a row only once per statement.
constexpr const char* k_insert_feeds =
    "INSERT INTO feeds (configured_url, url, next_poll_at) "
    "SELECT e.value, e.value, $2::bigint "
    "FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS e(value, n) "
    "GROUP BY e.value ORDER BY min(e.n) "
    "ON CONFLICT (configured_url) DO UPDATE SET active = 1";

constexpr const char* k_deactivate_feeds =
    "UPDATE feeds SET active = 0 WHERE active = 1 AND configured_url NOT IN "
    "(SELECT jsonb_array_elements_text($1::jsonb))";

constexpr const char* k_update_feed =
    "UPDATE feeds SET url = $2, title = $3, site_link = $4, etag = $5, last_modified = $6, "
    "last_poll_at = $7, last_result = $8, last_http_status = $9, last_error = $10, "
    "last_new_items = $11, consecutive_failures = $12, last_success_at = $13, "
    "next_poll_at = $14, interval_seconds = $15, publish_gap_seconds = $16, "
    "last_new_item_at = $17, redirect_candidate = $18, redirect_streak = $19, "
    "lease_holder = NULL, lease_until = NULL "
    "WHERE id = $1 AND (lease_holder IS NULL OR lease_holder = $20)";

}  // namespace

util::Result<std::vector<FeedState>> PostgresStore::sync_feeds(const std::vector<std::string>& urls,
                                                               Epoch now) {
  std::lock_guard lock(m_mutex);
  postgres::Transaction transaction(m_connection);
  if (!transaction.begun()) return transaction.begun().error();
  const auto listed = nlohmann::json(urls).dump();
  if (auto inserted = m_connection.query(k_insert_feeds, listed, now); !inserted) {
    return inserted.error();
  }
  if (auto deactivated = m_connection.query(k_deactivate_feeds, listed); !deactivated) {
    return deactivated.error();
  }
  auto active = select_feeds("active = 1 AND $1::boolean", "true");
  if (!active) return active.error();
  if (auto status = transaction.commit(); !status) return status.error();
  return active;
}

util::Result<std::vector<FeedState>> PostgresStore::feeds() {
  std::lock_guard lock(m_mutex);
  return select_feeds("$1::boolean", "true");
}

util::Result<std::vector<FeedState>> PostgresStore::select_feeds(const char* where,
                                                                 const std::string& parameter) {
  const std::string sql = std::string(k_select_feeds_where) + where + " ORDER BY id";
  auto rows = m_connection.query(sql, parameter);
  if (!rows) return rows.error();
  return postgres::collect<FeedState>(*rows, rows::read_feed<postgres::Row>);
}

util::Status PostgresStore::save_feed_state(const FeedState& state) {
  std::lock_guard lock(m_mutex);
  auto updated = m_connection.query(
      k_update_feed, state.id, state.url, state.title, state.site_link, state.etag,
      state.last_modified, state.last_poll_at, poll_result_name(state.last_result),
      state.last_http_status, state.last_error, state.last_new_items, state.consecutive_failures,
      state.last_success_at, state.next_poll_at, state.interval_seconds, state.publish_gap_seconds,
      state.last_new_item_at, state.redirect_candidate, state.redirect_streak, m_instance);
  if (!updated) return updated.error();
  return {};
}

util::Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                         const std::string& password,
                                                         const std::string& shown, Access access) {
  auto connection = postgres::Connection::open(url, password, shown);
  if (!connection) return connection.error();
  if (access == Access::read_only) {
    if (auto status = postgres::check_version(*connection); !status) return status.error();
    if (auto status = connection->execute("SET default_transaction_read_only = on"); !status) {
      return status.error();
    }
  } else if (auto status = postgres::migrate(*connection); !status) {
    return status.error();
  }
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(std::move(*connection)));
}

}  // namespace newsmon::store
