// A picture of the last 30 days: alerts per day per topic, and per feed.

#include <algorithm>
#include <numeric>

#include "daemon/web/charts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

constexpr int k_days = 30;
constexpr std::size_t k_feeds_in_chart = 8;

std::int64_t total(const Activity::Series& series) {
  return std::accumulate(series.per_day.begin(), series.per_day.end(), std::int64_t{0});
}

// The busiest feeds by name, the rest together as "other feeds".
std::vector<Activity::Series> busiest(std::vector<Activity::Series> series) {
  std::stable_sort(series.begin(), series.end(),
                   [](const auto& a, const auto& b) { return total(a) > total(b); });
  if (series.size() <= k_feeds_in_chart) return series;
  Activity::Series other{"other feeds", std::vector<std::int64_t>(k_days, 0)};
  for (std::size_t i = k_feeds_in_chart - 1; i < series.size(); ++i) {
    for (std::size_t day = 0; day < series[i].per_day.size() && day < other.per_day.size(); ++day) {
      other.per_day[day] += series[i].per_day[day];
    }
  }
  series.resize(k_feeds_in_chart - 1);
  series.push_back(std::move(other));
  return series;
}

void feed_table(Html& html, std::vector<Activity::Series> series) {
  std::stable_sort(series.begin(), series.end(),
                   [](const auto& a, const auto& b) { return total(a) > total(b); });
  html.markup(
      "<table class=\"per-feed\"><thead><tr><th>Feed</th><th>Alerts (30 d)</th>"
      "<th>Per day</th></tr></thead><tbody>");
  for (const auto& one : series) {
    html.markup("<tr><td>").text(one.name).markup("</td><td class=\"number\">");
    html.number(total(one)).markup("</td><td>");
    sparkline(html, one.per_day);
    html.markup("</td></tr>");
  }
  html.markup("</tbody></table>");
}

}  // namespace

PageResult activity_page(const PageRequest& request, ConsoleSource& source) {
  auto activity = source.activity(request.now, k_days);
  if (!activity) return error_page(500, activity.error().message);
  PageResult result{200, "Activity", "activity", {}, {}};
  Html& html = result.body;
  html.markup("<h1>Activity, last 30 days</h1>");
  stacked_day_chart(html, "Alerts per day by topic", activity->first_day, activity->by_topic);
  stacked_day_chart(html, "Alerts per day by feed", activity->first_day,
                    busiest(activity->by_feed));
  feed_table(html, activity->by_feed);
  return result;
}

}  // namespace newsmon::web
