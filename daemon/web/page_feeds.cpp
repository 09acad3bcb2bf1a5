// The feeds: each one's state, last and next poll, and what it brought in a week,
// failing ones first unless another order is asked for.

#include <algorithm>
#include <functional>

#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

const char* health_name(FeedHealth health) {
  switch (health) {
    case FeedHealth::ok: return "ok";
    case FeedHealth::not_modified: return "not modified";
    case FeedHealth::failing: return "failing";
    case FeedHealth::backing_off: return "backing off";
    case FeedHealth::never_polled: return "not polled yet";
  }
  return "";
}

// Failing feeds first: they need someone to look.
int urgency(FeedHealth health) {
  switch (health) {
    case FeedHealth::failing: return 0;
    case FeedHealth::backing_off: return 1;
    case FeedHealth::never_polled: return 2;
    default: return 3;
  }
}

std::string name_of(const FeedView& feed) {
  return feed.title.empty() ? feed.url : feed.title;
}

struct SortKey {
  const char* name;
  const char* label;
  std::function<bool(const FeedView&, const FeedView&)> before;
};

const std::vector<SortKey>& sort_keys() {
  static const std::vector<SortKey> keys{
      {"feed", "Feed",
       [](const FeedView& a, const FeedView& b) { return name_of(a) < name_of(b); }},
      {"state", "State",
       [](const FeedView& a, const FeedView& b) {
         return std::pair(urgency(a.health), -a.consecutive_failures) <
                std::pair(urgency(b.health), -b.consecutive_failures);
       }},
      {"last", "Last poll",
       [](const FeedView& a, const FeedView& b) { return a.last_poll_at > b.last_poll_at; }},
      {"next", "Next poll",
       [](const FeedView& a, const FeedView& b) { return a.next_poll_at < b.next_poll_at; }},
      {"items", "Items (7 d)",
       [](const FeedView& a, const FeedView& b) { return a.items_7d > b.items_7d; }},
      {"alerts", "Alerts (7 d)",
       [](const FeedView& a, const FeedView& b) { return a.alerts_7d > b.alerts_7d; }},
  };
  return keys;
}

void state_cell(Html& html, const FeedView& feed) {
  const std::string health = health_name(feed.health);
  html.markup("<span").attr("class", "health health-" + feed.result).markup(">").text(health);
  html.markup("</span>");
  if (feed.health == FeedHealth::failing || feed.health == FeedHealth::backing_off) {
    html.markup("<div class=\"error\">").text(feed.result);
    if (feed.http_status) html.markup(" (HTTP ").number(feed.http_status).markup(")");
    if (!feed.error.empty()) html.markup(": ").text(feed.error);
    if (feed.consecutive_failures > 1) {
      html.markup(" — ").number(feed.consecutive_failures).markup(" failures in a row");
    }
    html.markup("</div>");
  }
}

void feed_row(Html& html, const FeedView& feed, Epoch now) {
  html.markup("<tr><td class=\"feed\"><a")
      .attr("href", "/alerts?feed=" + std::to_string(feed.id))
      .markup(">")
      .text(name_of(feed))
      .markup("</a><div class=\"url\">")
      .text(feed.url)
      .markup("</div></td><td>");
  state_cell(html, feed);
  html.markup("</td><td>");
  time_cell(html, feed.last_poll_at, now);
  html.markup("</td><td>");
  time_cell(html, feed.next_poll_at, now);
  html.markup("</td><td class=\"number\">").number(feed.items_7d);
  html.markup("</td><td class=\"number\">").number(feed.alerts_7d).markup("</td></tr>");
}

}  // namespace

PageResult feeds_page(const PageRequest& request, ConsoleSource& source) {
  auto feeds = source.feeds(request.now);
  if (!feeds) return error_page(500, feeds.error().message);
  const std::string sort = request.query.get("sort").empty() ? "state" : request.query.get("sort");
  const auto& keys = sort_keys();
  auto key =
      std::find_if(keys.begin(), keys.end(), [&](const SortKey& k) { return sort == k.name; });
  if (key == keys.end()) key = keys.begin() + 1;  // by state
  std::stable_sort(feeds->begin(), feeds->end(), key->before);

  PageResult result{200, "Feeds", "feeds", {}, {}};
  Html& html = result.body;
  html.markup("<h1>Feeds</h1><table class=\"feeds\"><thead><tr>");
  for (const auto& column : keys) {
    html.markup("<th><a").attr("href", std::string("/feeds?sort=") + column.name);
    if (&column == &*key) html.markup(" aria-current=\"true\"");
    html.markup(">").text(column.label).markup("</a></th>");
  }
  html.markup("</tr></thead><tbody>");
  for (const auto& feed : *feeds) feed_row(html, feed, request.now);
  html.markup("</tbody></table>");
  if (feeds->empty()) html.markup("<p class=\"empty\">No feeds are configured.</p>");
  return result;
}

}  // namespace newsmon::web
