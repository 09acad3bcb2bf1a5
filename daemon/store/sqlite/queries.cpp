// Reading alerts, reports and items back, for the alerter and the command line.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "daemon/store/sqlite/sqlite_store.h"
#include "daemon/util/text.h"

namespace newsmon::store {
namespace {

constexpr const char* k_select_alert =
    "SELECT m.id, m.created_at, m.rule_id, m.rule_title, m.severity, m.topics, m.hits, "
    "m.events, i.entry_id, i.link, i.title, i.summary, i.published_at, i.published_status, "
    "i.published_raw, i.first_seen, f.title, f.url "
    "FROM matches m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id "
    "WHERE m.id = ?1";

constexpr const char* k_select_reports =
    "SELECT f.title, f.url, i.link, i.title, copy.created_at FROM matches copy "
    "JOIN items i ON i.id = copy.item_id JOIN feeds f ON f.id = i.feed_id "
    "WHERE copy.cluster_of = ?1 ORDER BY copy.created_at, copy.id";

constexpr const char* k_select_delivery_statuses =
    "SELECT endpoint, webhook_id, state, attempts, last_status, last_error, next_attempt_at, "
    "COALESCE(last_attempt_at, 0), COALESCE(finished_at, 0) FROM deliveries "
    "WHERE match_id = ?1 ORDER BY endpoint";

// Every filter of AlertQuery; an empty one ('', 0, -1) holds for all.
constexpr const char* k_select_alert_ids =
    "SELECT m.id FROM matches m JOIN items i ON i.id = m.item_id "
    "WHERE m.cluster_of IS NULL AND m.created_at >= ?1 "
    "AND (?2 = '' OR m.rule_id = ?2) "
    "AND (?3 = '' OR EXISTS (SELECT 1 FROM json_each(m.topics) WHERE value = ?3)) "
    "AND (?5 = 0 OR m.created_at < ?5) "
    "AND (?6 < 0 OR (CASE m.severity WHEN 'info' THEN 0 WHEN 'low' THEN 1 WHEN 'medium' THEN 2 "
    "  WHEN 'high' THEN 3 ELSE 4 END) >= ?6) "
    "AND (?7 = 0 OR i.feed_id = ?7) "
    "AND (?8 = '' OR instr(lower(i.title), ?8) > 0 OR instr(lower(i.summary), ?8) > 0) "
    "AND (?9 = 0 OR m.id < ?9) "
    "ORDER BY m.id DESC LIMIT ?4";

constexpr const char* k_select_is_alert =
    "SELECT 1 FROM matches WHERE id = ?1 AND cluster_of IS NULL";

constexpr const char* k_select_items_since =
    "SELECT i.id, i.feed_id, i.entry_id, i.link, i.title, i.summary, i.content, i.first_seen, "
    "(SELECT json_group_array(rule_id) FROM matches WHERE item_id = i.id) "
    "FROM items i WHERE i.first_seen >= ?1 ORDER BY i.id";

// The JSON columns are written by ingest(); a row edited by hand into something else
// is reported, not thrown.
util::Status read_match_json(const sqlite::Statement& row, rules::Match& match) {
  try {
    match.topics = nlohmann::json::parse(row.text(5)).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& error) {
    return util::make_error("match {} in the database is unreadable: {}", row.int64(0),
                            error.what());
  }
  auto hits = rules::parse_hits(row.text(6));
  auto events = rules::parse_events(row.text(7));
  if (!hits || !events) {
    return util::make_error("match {} in the database is unreadable: {}", row.int64(0),
                            (hits ? events.error() : hits.error()).message);
  }
  match.hits = std::move(*hits);
  match.events = std::move(*events);
  return {};
}

util::Result<Alert> read_alert(const sqlite::Statement& row) {
  Alert alert;
  alert.match_id = row.int64(0);
  alert.raised_at = row.int64(1);
  alert.match.rule_id = row.text(2);
  alert.match.rule_title = row.text(3);
  const auto severity = rules::parse_severity(row.text(4));
  alert.match.severity = severity ? *severity : rules::Severity::medium;
  if (auto status = read_match_json(row, alert.match); !status) return status.error();
  alert.entry_id = row.text(8);
  alert.link = row.text(9);
  alert.title = row.text(10);
  alert.summary = row.text(11);
  alert.published.status =
      feed::k_date_status_names.find(row.text(13)).value_or(feed::DateStatus::missing);
  alert.published.epoch_seconds = row.optional_int64(12).value_or(0);
  alert.published.raw = row.text(14);
  alert.first_seen = row.int64(15);
  alert.feed_title = row.text(16);
  alert.feed_url = row.text(17);
  return alert;
}

}  // namespace

util::Result<Alert> SqliteStore::load_alert(std::int64_t match_id) {
  auto select = statement(k_select_alert);
  if (!select) return select.error();
  util::Result<Alert> alert = util::make_error("no match with id {}", match_id);
  {
    sqlite::Query query(**select);
    query->bind(1, match_id);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return alert;
    alert = read_alert(*query);
  }
  if (!alert) return alert;
  auto reports = load_reports(match_id);
  if (!reports) return reports.error();
  alert->also_reported_by = std::move(*reports);
  return alert;
}

util::Result<std::vector<Report>> SqliteStore::load_reports(std::int64_t match_id) {
  auto select = statement(k_select_reports);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, match_id);
  std::vector<Report> reports;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return reports;
    reports.push_back(
        {query->text(0), query->text(1), query->text(2), query->text(3), query->int64(4)});
  }
}

util::Result<std::vector<DeliveryStatus>> SqliteStore::load_delivery_statuses(
    std::int64_t match_id) {
  auto select = statement(k_select_delivery_statuses);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, match_id);
  std::vector<DeliveryStatus> statuses;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return statuses;
    DeliveryStatus status;
    status.endpoint = query->text(0);
    status.webhook_id = query->text(1);
    status.state = k_delivery_state_names.find(query->text(2)).value_or(DeliveryState::pending);
    status.attempts = query->integer(3);
    status.last_http_status = query->integer(4);
    status.last_error = query->text(5);
    status.next_attempt_at = query->int64(6);
    status.last_attempt_at = query->int64(7);
    status.finished_at = query->int64(8);
    statuses.push_back(std::move(status));
  }
}

util::Result<std::vector<AlertRow>> SqliteStore::alerts(const AlertQuery& request) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_alert_ids);
  if (!select) return select.error();
  std::vector<std::int64_t> ids;
  {
    sqlite::Query query(**select);
    query->bind_all(request.since, request.rule, request.topic,
                    static_cast<std::int64_t>(request.limit), request.until,
                    request.min_severity ? static_cast<int>(*request.min_severity) : -1,
                    request.feed_id, util::to_lower_ascii(request.text), request.before_id);
    for (;;) {
      auto row = query->step();
      if (!row) return row.error();
      if (!*row) break;
      ids.push_back(query->int64(0));
    }
  }
  std::reverse(ids.begin(), ids.end());
  std::vector<AlertRow> rows;
  for (const auto id : ids) {
    auto alert = load_alert(id);
    if (!alert) return alert.error();
    auto deliveries = load_delivery_statuses(id);
    if (!deliveries) return deliveries.error();
    rows.push_back({std::move(*alert), std::move(*deliveries)});
  }
  return rows;
}

util::Result<std::optional<AlertRow>> SqliteStore::alert(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_select_is_alert);
  if (!select) return select.error();
  {
    sqlite::Query query(**select);
    query->bind(1, id);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<AlertRow>();
  }
  auto alert = load_alert(id);
  if (!alert) return alert.error();
  auto deliveries = load_delivery_statuses(id);
  if (!deliveries) return deliveries.error();
  return std::optional<AlertRow>(AlertRow{std::move(*alert), std::move(*deliveries)});
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
    const auto rules = nlohmann::json::parse(query->text(8), nullptr, false);
    if (rules.is_array()) item.matched_rules = rules.get<std::vector<std::string>>();
    visit(item);
  }
}

}  // namespace newsmon::store
