// Reading alerts, their deliveries and items back from PostgreSQL, for the alerter and the
// command line, and the counts for charts.

#include <nlohmann/json.hpp>

#include "daemon/store/assembly.h"
#include "daemon/store/postgres/postgres_store.h"
#include "daemon/store/row_readers.h"

namespace newsmon::store {
namespace {

constexpr const char* k_select_alert =
    "SELECT a.id, a.raised_at, a.snippet, i.id, i.entry_id, i.link, i.title, i.summary, "
    "i.published_at, i.published_status, i.published_raw, i.first_seen, f.title, f.url "
    "FROM alerts a JOIN items i ON i.id = a.item_id JOIN feeds f ON f.id = i.feed_id "
    "WHERE a.id = $1";

// The raising story's matches first, then the copies' in the order they arrived.
constexpr const char* k_select_matches =
    "SELECT id, item_id, created_at, rule_id, rule_title, severity, topics, hits, events "
    "FROM matches WHERE alert_id = $1 ORDER BY item_id <> $2, id";

constexpr const char* k_select_reports =
    "SELECT f.title, f.url, i.link, i.title, min(m.created_at) AS seen FROM matches m "
    "JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id "
    "WHERE m.alert_id = $1 AND m.item_id <> $2 GROUP BY i.id, f.id ORDER BY seen, i.id";

constexpr const char* k_select_delivery_statuses =
    "SELECT endpoint, webhook_id, sequence, rules, topics, severity, state, hold_reason, "
    "silence_id, digest_window, attempts, last_status, last_error, next_attempt_at, "
    "COALESCE(last_attempt_at, 0), COALESCE(finished_at, 0) FROM deliveries "
    "WHERE alert_id = $1 ORDER BY endpoint, sequence";

// Every filter of AlertQuery; an empty one (an empty JSON array, '', 0, -1) holds for all.
constexpr const char* k_select_alert_ids =
    "SELECT a.id FROM alerts a WHERE a.raised_at >= $1 "
    "AND ($2::bigint = 0 OR a.raised_at < $2::bigint) "
    "AND ($3::text = '[]' OR EXISTS (SELECT 1 FROM matches m WHERE m.alert_id = a.id "
    "  AND m.rule_id IN (SELECT jsonb_array_elements_text($3::jsonb)))) "
    "AND ($4::text = '[]' OR EXISTS (SELECT 1 FROM matches m "
    "  CROSS JOIN LATERAL jsonb_array_elements_text(m.topics::jsonb) AS t(value) "
    "  WHERE m.alert_id = a.id AND t.value IN (SELECT jsonb_array_elements_text($4::jsonb)))) "
    "AND ($5::integer < 0 OR (SELECT max(CASE m.severity WHEN 'info' THEN 0 WHEN 'low' THEN 1 "
    "  WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END) FROM matches m "
    "  WHERE m.alert_id = a.id) >= $5::integer) "
    "AND (($6::text = '' AND $7::text = '') OR EXISTS (SELECT 1 FROM deliveries d "
    "  WHERE d.alert_id = a.id AND ($6::text = '' OR d.endpoint = $6::text) "
    "  AND ($7::text = '' OR d.state = $7::text))) "
    "AND ($8::bigint = 0 OR EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id "
    "  AND d.silence_id = $8::bigint)) "
    "AND ($9::bigint = 0 OR a.id < $9::bigint) "
    "AND ($11::bigint = 0 OR EXISTS (SELECT 1 FROM matches m JOIN items i ON i.id = m.item_id "
    "  WHERE m.alert_id = a.id AND i.feed_id = $11::bigint)) "
    "AND ($12::text = '' OR EXISTS (SELECT 1 FROM items i WHERE i.id = a.item_id "
    "  AND (i.title ILIKE $12::text ESCAPE '\\' OR i.summary ILIKE $12::text ESCAPE '\\'))) "
    "ORDER BY a.id DESC LIMIT $10";

constexpr const char* k_select_rule_ids = "SELECT DISTINCT rule_id FROM matches ORDER BY rule_id";

constexpr const char* k_select_topics =
    "SELECT DISTINCT t.value COLLATE \"C\" AS topic FROM matches m "
    "CROSS JOIN LATERAL jsonb_array_elements_text(m.topics::jsonb) AS t(value) ORDER BY topic";

constexpr const char* k_select_items_since =
    "SELECT i.id, i.feed_id, i.entry_id, i.link, i.title, i.summary, i.content, i.first_seen, "
    "(SELECT json_agg(rule_id ORDER BY id) FROM matches WHERE item_id = i.id) "
    "FROM items i WHERE i.first_seen >= $1 AND i.id > $2 ORDER BY i.id LIMIT $3";

// How many stored items for_each_item_since() holds in memory at a time.
constexpr std::int64_t k_items_per_batch = 1000;

constexpr const char* k_alerts_per_day_and_topic =
    "SELECT a.raised_at / 86400 * 86400 AS day, t.value COLLATE \"C\" AS topic, "
    "count(DISTINCT a.id) FROM alerts a JOIN matches m ON m.alert_id = a.id "
    "CROSS JOIN LATERAL jsonb_array_elements_text(m.topics::jsonb) AS t(value) "
    "WHERE a.raised_at >= $1 GROUP BY day, topic ORDER BY day, topic";

constexpr const char* k_alerts_per_day_and_feed =
    "SELECT a.raised_at / 86400 * 86400 AS day, i.feed_id, count(*) "
    "FROM alerts a JOIN items i ON i.id = a.item_id "
    "WHERE a.raised_at >= $1 GROUP BY day, i.feed_id ORDER BY day, i.feed_id";

constexpr const char* k_feed_activity =
    "SELECT feed_id, sum(items), sum(alerts) FROM ("
    "  SELECT feed_id, count(*) AS items, 0 AS alerts FROM items WHERE first_seen >= $1 "
    "  GROUP BY feed_id "
    "  UNION ALL "
    "  SELECT i.feed_id, 0, count(*) FROM alerts a JOIN items i ON i.id = a.item_id "
    "  WHERE a.raised_at >= $1 GROUP BY i.feed_id) AS counts "
    "GROUP BY feed_id ORDER BY feed_id";

std::vector<std::string> texts(const postgres::Rows& rows) {
  return postgres::collect<std::string>(rows, [](const postgres::Row& row) { return row.text(0); });
}

}  // namespace

util::Result<Alert> PostgresStore::load_alert(std::int64_t alert_id) {
  auto found = m_connection.query(k_select_alert, alert_id);
  if (!found) return found.error();
  if (found->empty()) return util::make_error("no alert with id {}", alert_id);
  Alert alert = rows::read_alert(postgres::Row{*found, 0});
  auto matches = m_connection.query(k_select_matches, alert.id, alert.story.item_id);
  if (!matches) return matches.error();
  for (int i = 0; i < matches->size(); ++i) {
    auto match = rows::read_match(postgres::Row{*matches, i});
    if (!match) return match.error();
    alert.matches.push_back(std::move(*match));
  }
  auto reports = m_connection.query(k_select_reports, alert.id, alert.story.item_id);
  if (!reports) return reports.error();
  alert.also_reported_by = postgres::collect<Report>(*reports, [](const postgres::Row& row) {
    return Report{row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
  });
  return alert;
}

util::Result<std::vector<DeliveryStatus>> PostgresStore::load_delivery_statuses(
    std::int64_t alert_id) {
  auto rows = m_connection.query(k_select_delivery_statuses, alert_id);
  if (!rows) return rows.error();
  return postgres::collect<DeliveryStatus>(*rows, rows::read_delivery_status<postgres::Row>);
}

util::Result<std::vector<std::int64_t>> PostgresStore::select_alert_ids(const AlertQuery& request) {
  auto rows = m_connection.query(
      k_select_alert_ids, request.since, request.until, nlohmann::json(request.rules).dump(),
      nlohmann::json(request.topics).dump(),
      request.min_severity ? static_cast<int>(*request.min_severity) : -1, request.endpoint,
      request.delivery_state ? delivery_state_name(*request.delivery_state) : "",
      request.silence_id.value_or(0), request.before_id, request.limit, request.feed_id,
      rows::like_pattern(request.text));
  if (!rows) return rows.error();
  return postgres::collect<std::int64_t>(*rows,
                                         [](const postgres::Row& row) { return row.int64(0); });
}

util::Result<std::vector<AlertRow>> PostgresStore::alerts(const AlertQuery& request) {
  std::lock_guard lock(m_mutex);
  auto ids = select_alert_ids(request);
  if (!ids) return ids.error();
  return assembly::alert_rows(
      std::move(*ids), [&](std::int64_t id) { return load_alert(id); },
      [&](std::int64_t id) { return load_delivery_statuses(id); });
}

util::Result<std::vector<std::string>> PostgresStore::stored_rule_ids() {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.run(k_select_rule_ids);
  if (!rows) return rows.error();
  return texts(*rows);
}

util::Result<std::vector<std::string>> PostgresStore::stored_topics() {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.run(k_select_topics);
  if (!rows) return rows.error();
  return texts(*rows);
}

util::Status PostgresStore::for_each_item_since(
    Epoch since, const std::function<void(const StoredItem&)>& visit) {
  std::lock_guard lock(m_mutex);
  // In batches after the last id seen, so a backtest over a large store holds one batch.
  std::int64_t after = 0;
  for (;;) {
    auto rows = m_connection.query(k_select_items_since, since, after, k_items_per_batch);
    if (!rows) return rows.error();
    for (int i = 0; i < rows->size(); ++i) {
      const postgres::Row row{*rows, i};
      StoredItem item{row.int64(0), row.int64(1), row.text(2),  row.text(3), row.text(4),
                      row.text(5),  row.text(6),  row.int64(7), {}};
      item.matched_rules = rows::string_array(row.text(8));
      after = item.item_id;
      visit(item);
    }
    if (rows->size() < k_items_per_batch) return {};
  }
}

util::Result<std::vector<DailyCount>> PostgresStore::alerts_per_day(Epoch since, CountBy by) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.query(
      by == CountBy::topic ? k_alerts_per_day_and_topic : k_alerts_per_day_and_feed, since);
  if (!rows) return rows.error();
  return postgres::collect<DailyCount>(*rows, [&](const postgres::Row& row) {
    DailyCount count;
    count.day = row.int64(0);
    if (by == CountBy::topic) {
      count.topic = row.text(1);
    } else {
      count.feed_id = row.int64(1);
    }
    count.alerts = row.int64(2);
    return count;
  });
}

util::Result<std::vector<FeedActivity>> PostgresStore::feed_activity(Epoch since) {
  std::lock_guard lock(m_mutex);
  auto rows = m_connection.query(k_feed_activity, since);
  if (!rows) return rows.error();
  return postgres::collect<FeedActivity>(*rows, [](const postgres::Row& row) {
    return FeedActivity{row.int64(0), row.int64(1), row.int64(2)};
  });
}

}  // namespace newsmon::store
