// Counts of alerts and items over time, for charts and the feed table of a console.

#include "daemon/store/sqlite/sqlite_store.h"

namespace newsmon::store {
namespace {

// An alert counts once for each topic of any of its matches. Each query reads the alerts
// of the period by their time (CROSS JOIN keeps alerts first; `+` keeps an index on feeds
// from being used for the grouping instead), so its cost grows with the period, not with
// the history stored.
constexpr const char* k_alerts_per_day_and_topic =
    "SELECT a.raised_at / 86400 * 86400 AS day, t.value, count(DISTINCT a.id) "
    "FROM alerts a CROSS JOIN matches m ON m.alert_id = a.id, json_each(m.topics) t "
    "WHERE a.raised_at >= ?1 GROUP BY day, t.value ORDER BY day, t.value";

constexpr const char* k_alerts_per_day_and_feed =
    "SELECT a.raised_at / 86400 * 86400 AS day, i.feed_id, count(*) "
    "FROM alerts a JOIN items i ON i.id = a.item_id "
    "WHERE a.raised_at >= ?1 GROUP BY day, i.feed_id ORDER BY day, i.feed_id";

constexpr const char* k_feed_activity =
    "SELECT feed_id, sum(items), sum(alerts) FROM ("
    "  SELECT feed_id, count(*) AS items, 0 AS alerts FROM items WHERE first_seen >= ?1 "
    "  GROUP BY +feed_id "
    "  UNION ALL "
    "  SELECT i.feed_id, 0, count(*) FROM alerts a JOIN items i ON i.id = a.item_id "
    "  WHERE a.raised_at >= ?1 GROUP BY +i.feed_id) "
    "GROUP BY feed_id ORDER BY feed_id";

}  // namespace

util::Result<std::vector<DailyCount>> SqliteStore::alerts_per_day(Epoch since, CountBy by) {
  std::lock_guard lock(m_mutex);
  auto select =
      statement(by == CountBy::topic ? k_alerts_per_day_and_topic : k_alerts_per_day_and_feed);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, since);
  std::vector<DailyCount> counts;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return counts;
    DailyCount count;
    count.day = query->int64(0);
    if (by == CountBy::topic) {
      count.topic = query->text(1);
    } else {
      count.feed_id = query->int64(1);
    }
    count.alerts = query->int64(2);
    counts.push_back(std::move(count));
  }
}

util::Result<std::vector<FeedActivity>> SqliteStore::feed_activity(Epoch since) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_feed_activity);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind(1, since);
  std::vector<FeedActivity> activity;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return activity;
    activity.push_back({query->int64(0), query->int64(1), query->int64(2)});
  }
}

}  // namespace newsmon::store
