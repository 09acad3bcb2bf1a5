// Reading alerts, their deliveries and items back, for the alerter and the command line.

#include <nlohmann/json.hpp>

#include "daemon/store/assembly.h"
#include "daemon/store/sqlite/columns.h"
#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

constexpr const char* k_select_alert =
    "SELECT a.id, a.raised_at, a.snippet, i.id, i.entry_id, i.link, i.title, i.summary, "
    "i.published_at, i.published_status, i.published_raw, i.first_seen, f.title, f.url "
    "FROM alerts a JOIN items i ON i.id = a.item_id JOIN feeds f ON f.id = i.feed_id "
    "WHERE a.id = ?1";

// The raising story's matches first, then the copies' in the order they arrived.
constexpr const char* k_select_matches =
    "SELECT id, item_id, created_at, rule_id, rule_title, severity, topics, hits, events "
    "FROM matches WHERE alert_id = ?1 ORDER BY item_id <> ?2, id";

constexpr const char* k_select_reports =
    "SELECT f.title, f.url, i.link, i.title, min(m.created_at) AS seen FROM matches m "
    "JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id "
    "WHERE m.alert_id = ?1 AND m.item_id <> ?2 GROUP BY i.id ORDER BY seen, i.id";

constexpr const char* k_select_delivery_statuses =
    "SELECT endpoint, webhook_id, sequence, rules, topics, severity, state, hold_reason, "
    "silence_id, digest_window, attempts, last_status, last_error, next_attempt_at, "
    "COALESCE(last_attempt_at, 0), COALESCE(finished_at, 0) FROM deliveries "
    "WHERE alert_id = ?1 ORDER BY endpoint, sequence";

// Every filter of AlertQuery; an empty one (an empty JSON array, '', 0, -1) holds for all.
constexpr const char* k_select_alert_ids =
    "SELECT a.id FROM alerts a WHERE a.raised_at >= ?1 AND (?2 = 0 OR a.raised_at < ?2) "
    "AND (?3 = '[]' OR EXISTS (SELECT 1 FROM matches m WHERE m.alert_id = a.id "
    "  AND m.rule_id IN (SELECT value FROM json_each(?3)))) "
    "AND (?4 = '[]' OR EXISTS (SELECT 1 FROM matches m, json_each(m.topics) t "
    "  WHERE m.alert_id = a.id AND t.value IN (SELECT value FROM json_each(?4)))) "
    "AND (?5 < 0 OR (SELECT max(CASE m.severity WHEN 'info' THEN 0 WHEN 'low' THEN 1 "
    "  WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END) FROM matches m "
    "  WHERE m.alert_id = a.id) >= ?5) "
    "AND ((?6 = '' AND ?7 = '') OR EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id "
    "  AND (?6 = '' OR d.endpoint = ?6) AND (?7 = '' OR d.state = ?7))) "
    "AND (?8 = 0 OR EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id "
    "  AND d.silence_id = ?8)) "
    "AND (?9 = 0 OR a.id < ?9) "
    "AND (?11 = 0 OR EXISTS (SELECT 1 FROM matches m JOIN items i ON i.id = m.item_id "
    "  WHERE m.alert_id = a.id AND i.feed_id = ?11)) "
    "AND (?12 = '' OR EXISTS (SELECT 1 FROM items i WHERE i.id = a.item_id "
    "  AND (i.title LIKE ?12 ESCAPE '\\' OR i.summary LIKE ?12 ESCAPE '\\'))) "
    "ORDER BY a.id DESC LIMIT ?10";

constexpr const char* k_select_rule_ids = "SELECT DISTINCT rule_id FROM matches ORDER BY rule_id";

constexpr const char* k_select_topics =
    "SELECT DISTINCT t.value FROM matches m, json_each(m.topics) t ORDER BY t.value";

constexpr const char* k_select_items_since =
    "SELECT i.id, i.feed_id, i.entry_id, i.link, i.title, i.summary, i.content, i.first_seen, "
    "(SELECT json_group_array(rule_id) FROM matches WHERE item_id = i.id) "
    "FROM items i WHERE i.first_seen >= ?1 ORDER BY i.id";

util::Result<std::vector<std::string>> texts(sqlite::Query& query) {
  return sqlite::collect<std::string>(query,
                                      [](const sqlite::Statement& row) { return row.text(0); });
}

}  // namespace

util::Result<Alert> SqliteStore::load_alert(std::int64_t alert_id) {
  auto select = statement(k_select_alert);
  if (!select) return select.error();
  Alert alert;
  {
    sqlite::Query query(**select);
    query->bind(1, alert_id);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return util::make_error("no alert with id {}", alert_id);
    alert = rows::read_alert(*query);
  }
  auto matches = load_matches(alert.id, alert.story.item_id);
  if (!matches) return matches.error();
  alert.matches = std::move(*matches);
  auto reports = load_reports(alert.id, alert.story.item_id);
  if (!reports) return reports.error();
  alert.also_reported_by = std::move(*reports);
  return alert;
}

util::Result<std::vector<StoredMatch>> SqliteStore::load_matches(std::int64_t alert_id,
                                                                 std::int64_t own_item) {
  auto select = statement(k_select_matches);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(alert_id, own_item);
  std::vector<StoredMatch> matches;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return matches;
    auto match = rows::read_match(*query);
    if (!match) return match.error();
    matches.push_back(std::move(*match));
  }
}

util::Result<std::vector<Report>> SqliteStore::load_reports(std::int64_t alert_id,
                                                            std::int64_t own_item) {
  auto select = statement(k_select_reports);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(alert_id, own_item);
  return sqlite::collect<Report>(query, [](const sqlite::Statement& row) {
    return Report{row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
  });
}

util::Result<std::vector<DeliveryStatus>> SqliteStore::load_delivery_statuses(
    std::int64_t alert_id) {
  auto select = statement(k_select_delivery_statuses);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, alert_id);
  return sqlite::collect<DeliveryStatus>(query, rows::read_delivery_status<sqlite::Statement>);
}

util::Result<std::vector<std::int64_t>> SqliteStore::select_alert_ids(const AlertQuery& request) {
  auto select = statement(k_select_alert_ids);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(
      request.since, request.until, nlohmann::json(request.rules).dump(),
      nlohmann::json(request.topics).dump(),
      request.min_severity ? static_cast<int>(*request.min_severity) : -1, request.endpoint,
      request.delivery_state ? delivery_state_name(*request.delivery_state) : "",
      request.silence_id.value_or(0), request.before_id, static_cast<std::int64_t>(request.limit),
      request.feed_id, rows::like_pattern(request.text));
  return sqlite::collect<std::int64_t>(query,
                                       [](const sqlite::Statement& row) { return row.int64(0); });
}

util::Result<std::vector<AlertRow>> SqliteStore::alerts(const AlertQuery& request) {
  std::lock_guard lock(m_mutex);
  auto ids = select_alert_ids(request);
  if (!ids) return ids.error();
  return assembly::alert_rows(
      std::move(*ids), [&](std::int64_t id) { return load_alert(id); },
      [&](std::int64_t id) { return load_delivery_statuses(id); });
}

util::Result<std::vector<std::string>> SqliteStore::stored_rule_ids() {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_rule_ids);
  if (!select) return select.error();
  sqlite::Query query(**select);
  return texts(query);
}

util::Result<std::vector<std::string>> SqliteStore::stored_topics() {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_topics);
  if (!select) return select.error();
  sqlite::Query query(**select);
  return texts(query);
}

util::Status SqliteStore::for_each_item_since(Epoch since,
                                              const std::function<void(const StoredItem&)>& visit) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_items_since);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, since);
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return {};
    StoredItem item{query->int64(0), query->int64(1), query->text(2),
                    query->text(3),  query->text(4),  query->text(5),
                    query->text(6),  query->int64(7), {}};
    item.matched_rules = sqlite::string_array(query->text(8));
    visit(item);
  }
}

}  // namespace newsmon::store
