// The alerts list: newest first, filtered, fifty to a page, new ones arriving live.

#include <algorithm>
#include <charconv>
#include <set>

#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

constexpr std::size_t k_page_size = 50;

struct Period {
  const char* value;
  const char* label;
  Epoch seconds;
};
constexpr Period k_periods[] = {{"1h", "last hour", 3600},
                                {"24h", "last 24 hours", 86400},
                                {"7d", "last 7 days", 7 * 86400},
                                {"30d", "last 30 days", 30 * 86400}};

std::int64_t to_number(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

// "2024-05-01" as the midnight (UTC) starting that day; 0 when it is no such date.
Epoch parse_day(const std::string& text) {
  std::tm day{};
  if (text.size() != 10 || strptime(text.c_str(), "%Y-%m-%d", &day) == nullptr) return 0;
  return timegm(&day);
}

AlertFilter filter_of(const PageRequest& request) {
  const Form& query = request.query;
  AlertFilter filter;
  filter.topic = query.get("topic");
  filter.rule = query.get("rule");
  filter.feed_id = to_number(query.get("feed"));
  if (auto severity = rules::parse_severity(query.get("severity"))) filter.min_severity = *severity;
  for (const auto& period : k_periods) {
    if (query.get("period") == period.value) filter.since = request.now - period.seconds;
  }
  if (const Epoch day = parse_day(query.get("day"))) {
    filter.since = std::max(filter.since, day);
    filter.until = day + 86400;
  }
  filter.text = query.get("q");
  filter.before_id = to_number(query.get("before"));
  filter.limit = k_page_size;
  return filter;
}

std::vector<std::pair<std::string, std::string>> same(const std::set<std::string>& values) {
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto& value : values) choices.emplace_back(value, value);
  return choices;
}

void filter_form(Html& html, const PageRequest& request, const FilterChoices& choices) {
  const Form& query = request.query;
  html.markup("<form class=\"filters\" method=\"get\" action=\"/alerts\">");
  html.markup("<label>Text <input type=\"search\" name=\"q\"").attr("value", query.get("q"));
  html.markup(" placeholder=\"words in title or summary\"></label>");
  select_field(html, "Topic", "topic", same({choices.topics.begin(), choices.topics.end()}),
               query.get("topic"));
  select_field(html, "Rule", "rule", same({choices.rules.begin(), choices.rules.end()}),
               query.get("rule"));
  std::vector<std::pair<std::string, std::string>> feeds;
  for (const auto& [id, name] : choices.feeds) feeds.emplace_back(std::to_string(id), name);
  select_field(html, "Feed", "feed", feeds, query.get("feed"));
  std::vector<std::pair<std::string, std::string>> severities;
  for (const auto severity : {rules::Severity::low, rules::Severity::medium, rules::Severity::high,
                              rules::Severity::critical}) {
    const std::string name = rules::severity_name(severity);
    severities.emplace_back(name, name + " or more");
  }
  select_field(html, "Severity", "severity", severities, query.get("severity"));
  std::vector<std::pair<std::string, std::string>> periods;
  for (const auto& period : k_periods) periods.emplace_back(period.value, period.label);
  select_field(html, "Time", "period", periods, query.get("period"));
  html.markup("<label>Day <input type=\"date\" name=\"day\"").attr("value", query.get("day"));
  html.markup("></label><button type=\"submit\">Filter</button>");
  html.markup(" <a href=\"/alerts\">clear</a></form>");
}

void alert_row(Html& html, const AlertSummary& alert, Epoch now) {
  html.markup("<tr").attr("data-id", std::to_string(alert.id)).markup("><td>");
  time_cell(html, alert.raised_at, now);
  html.markup("</td><td>");
  severity_badge(html, alert.severity);
  html.markup("</td><td class=\"story\"><a class=\"alert-title\"")
      .attr("href", "/alerts/" + std::to_string(alert.id))
      .markup(">")
      .text(alert.title.empty() ? "(untitled)" : alert.title)
      .markup("</a>");
  if (alert.main_event) {
    html.markup("<div class=\"event\">")
        .text(rules::event_line(*alert.main_event))
        .markup("</div>");
  }
  html.markup("</td><td class=\"outlets\">");
  for (std::size_t i = 0; i < alert.outlets.size(); ++i) {
    html.markup("<span class=\"outlet\">").text(alert.outlets[i]).markup("</span>");
    if (i + 1 < alert.outlets.size()) html.markup(" ");
  }
  html.markup("</td><td class=\"rules\">");
  for (const auto& rule : alert.rules) html.markup("<code>").text(rule).markup("</code> ");
  html.markup("</td><td>");
  for (const auto& topic : alert.topics) {
    html.markup("<span class=\"topic\">").text(topic).markup("</span> ");
  }
  html.markup("</td></tr>");
}

bool filtered(const PageRequest& request) {
  for (const char* name : {"q", "topic", "rule", "feed", "severity", "period", "day", "before"}) {
    if (!request.query.get(name).empty()) return true;
  }
  return false;
}

void pager(Html& html, const PageRequest& request, const AlertPage& page) {
  html.markup("<nav class=\"pager\">");
  if (!request.query.get("before").empty()) {
    Form newest = request.query;
    newest.set("before", "");
    html.markup("<a").attr("href", "/alerts?" + newest.encode()).markup(">« newest</a> ");
  }
  if (page.has_older && !page.alerts.empty()) {
    Form older = request.query;
    older.set("before", std::to_string(page.alerts.back().id));
    html.markup("<a rel=\"next\"").attr("href", "/alerts?" + older.encode());
    html.markup(">older »</a>");
  }
  html.markup("</nav>");
}

}  // namespace

PageResult alerts_page(const PageRequest& request, ConsoleSource& source,
                       const RulesSnapshot& rules) {
  PageResult result{200, "Alerts", "alerts", {}, {}};
  auto page = source.alerts(filter_of(request));
  if (!page) return error_page(500, page.error().message);
  auto choices = source.choices().value_or(FilterChoices{});
  if (rules.rules) {
    for (const auto& rule : rules.rules->describe()) {
      choices.rules.push_back(rule.id);
      choices.topics.insert(choices.topics.end(), rule.topics.begin(), rule.topics.end());
    }
  }
  Html& html = result.body;
  html.markup("<h1>Alerts</h1>");
  filter_form(html, request, choices);
  const bool live = !filtered(request);
  html.markup("<p id=\"live-status\" class=\"live-status\" hidden></p>");
  html.markup(
      "<table class=\"alerts\"><thead><tr><th>Raised</th><th>Severity</th>"
      "<th>Story</th><th>Outlets</th><th>Rules</th><th>Topics</th></tr></thead>"
      "<tbody id=\"alert-rows\"");
  if (live) {
    const auto newest = page->alerts.empty() ? 0 : page->alerts.front().id;
    html.attr("data-live-after", std::to_string(newest));
  }
  html.markup(">");
  for (const auto& alert : page->alerts) alert_row(html, alert, request.now);
  html.markup("</tbody></table>");
  if (page->alerts.empty()) html.markup("<p class=\"empty\">No alerts match.</p>");
  pager(html, request, *page);
  return result;
}

}  // namespace newsmon::web
