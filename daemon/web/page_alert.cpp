// One alert: the story with its hits marked, the rules and their queries, the events,
// the other outlets, and every delivery.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "daemon/alert/message.h"
#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

void story_section(Html& html, const AlertDetail& alert, Epoch now) {
  const auto& hits = alert.story_hits;
  html.markup("<h1 class=\"story-title\">");
  marked_text(html, alert.summary.title, ranges_of(hits, rules::Field::title));
  html.markup("</h1><p class=\"meta\">");
  severity_badge(html, alert.summary.severity);
  html.markup(" ");
  outside_link(html, alert.summary.link, "open the story");
  html.markup(" · from ");
  outside_link(html, alert.feed_url, alert.feed_title.empty() ? alert.feed_url : alert.feed_title);
  html.markup(" · raised ");
  time_cell(html, alert.summary.raised_at, now);
  if (alert.published) html.markup(" · published ").text(format_time(alert.published));
  html.markup("</p>");
  if (alert.summary.main_event) {
    html.markup("<p class=\"event\">")
        .text(rules::event_line(*alert.summary.main_event))
        .markup("</p>");
  }
  html.markup("<blockquote class=\"snippet\">");
  std::vector<Range> highlights;
  for (const auto& [start, end] : alert.snippet.highlights) highlights.push_back({start, end});
  marked_text(html, alert.snippet.text, std::move(highlights));
  html.markup("</blockquote>");
}

// Each field of the story with what the rules found in it marked.
void fields_section(Html& html, const AlertDetail& alert) {
  const auto& hits = alert.story_hits;
  html.markup("<h2>Fields</h2><dl class=\"fields\"><dt>title</dt><dd class=\"field-title\">");
  marked_text(html, alert.summary.title, ranges_of(hits, rules::Field::title));
  html.markup("</dd><dt>summary</dt><dd class=\"field-summary\">");
  marked_text(html, alert.summary_text, ranges_of(hits, rules::Field::summary));
  html.markup("</dd>");
  const auto content = ranges_of(hits, rules::Field::content);
  if (!content.empty()) {
    html.markup("<dt>content</dt><dd>");
    for (const auto& hit : hits) {
      if (hit.field == rules::Field::content)
        html.markup("<mark>").text(hit.text).markup("</mark> ");
    }
    html.markup("</dd>");
  }
  html.markup("</dl>");
}

void hits_list(Html& html, const std::vector<rules::Hit>& hits) {
  html.markup("<ul class=\"hits\">");
  for (const auto& hit : hits) {
    html.markup("<li><mark>").text(hit.text).markup("</mark> <span class=\"field\">");
    html.text(fmt::format("{} {}–{}", rules::field_name(hit.field), hit.start, hit.end));
    html.markup("</span></li>");
  }
  html.markup("</ul>");
}

void silence_button(Html& html, const PageRequest& request, const RuleMatch& match) {
  html.markup("<form method=\"post\" action=\"/silences\" class=\"inline\">");
  csrf_field(html, request.csrf);
  html.markup("<input type=\"hidden\" name=\"rule\"").attr("value", match.rule_id).markup(">");
  html.markup("<input type=\"hidden\" name=\"hours\" value=\"24\">");
  html.markup("<input type=\"hidden\" name=\"comment\"")
      .attr("value", "silenced from alert " + request.path)
      .markup(">");
  html.markup("<button type=\"submit\">Silence this rule for 24 h</button></form>");
}

void rules_section(Html& html, const PageRequest& request, const AlertDetail& alert,
                   const RulesSnapshot& snapshot) {
  std::map<std::string, std::string> queries;
  if (snapshot.rules) {
    for (const auto& rule : snapshot.rules->describe()) queries[rule.id] = rule.query;
  }
  html.markup("<h2>Rules</h2>");
  for (const auto& match : alert.matches) {
    html.markup("<section class=\"rule-match\"><h3>");
    html.text(match.rule_title).markup(" <code>").text(match.rule_id).markup("</code> ");
    severity_badge(html, match.severity);
    html.markup("</h3><p>Topics: ");
    for (const auto& topic : match.topics) {
      html.markup("<span class=\"topic\">").text(topic).markup("</span> ");
    }
    html.markup("</p>");
    if (match.on_copy) {
      html.markup("<p class=\"note\">Matched another outlet's copy of the story.</p>");
    }
    const auto query = queries.find(match.rule_id);
    if (query != queries.end()) {
      html.markup("<pre class=\"query\">").text(query->second).markup("</pre>");
    } else {
      html.markup("<p class=\"note\">This rule is no longer loaded.</p>");
    }
    hits_list(html, match.hits);
    silence_button(html, request, match);
    html.markup("</section>");
  }
}

// Every event the story reports, once, and what its copies add (the matches come the
// story's first), as a webhook's message lists them.
void events_section(Html& html, const AlertDetail& alert) {
  html.markup("<h2>Events</h2>");
  std::vector<rules::Event> events;
  for (const auto& match : alert.matches) {
    for (const auto& event : match.events) {
      alert::add_event(events, event,
                       match.on_copy ? alert::EventSource::copy : alert::EventSource::story);
    }
  }
  if (events.empty()) {
    html.markup("<p class=\"empty\">The story reports no event.</p>");
    return;
  }
  html.markup("<ul class=\"events\">");
  for (const auto& event : events) {
    html.markup("<li>").text(rules::event_line(event)).markup("</li>");
  }
  html.markup("</ul>");
}

void copies_section(Html& html, const AlertDetail& alert, Epoch now) {
  html.markup("<h2>Also reported by</h2>");
  if (alert.also_reported_by.empty()) {
    html.markup("<p class=\"empty\">No other outlet yet.</p>");
    return;
  }
  html.markup("<ul class=\"copies\">");
  for (const auto& copy : alert.also_reported_by) {
    html.markup("<li>").text(copy.outlet).markup(": ");
    outside_link(html, copy.link, copy.title);
    html.markup(" (");
    time_cell(html, copy.seen_at, now);
    html.markup(")</li>");
  }
  html.markup("</ul>");
}

void message_cell(Html& html, const DeliveryView& delivery) {
  if (delivery.sequence == 0) {
    html.markup("first");
  } else {
    html.text(fmt::format("follow-up {}", delivery.sequence));
  }
  if (delivery.digest_window)
    html.markup(" (digest to ").text(format_time(delivery.digest_window)).markup(")");
  html.markup("<div class=\"rules-told\">");
  for (const auto& rule : delivery.rules) html.markup("<code>").text(rule).markup("</code> ");
  html.markup("</div>");
}

void state_cell(Html& html, const DeliveryView& delivery) {
  html.markup("<span").attr("class", "state state-" + delivery.state).markup(">");
  html.text(delivery.state).markup("</span>");
  if (delivery.hold == "backlog")
    html.markup(" <span class=\"note\">older than alerts.max_age</span>");
  if (delivery.silence_id) {
    html.markup(" <a").attr("href", fmt::format("/silences#silence-{}", delivery.silence_id));
    html.markup(">").text(fmt::format("silence {}", delivery.silence_id)).markup("</a>");
  }
}

void delivery_row(Html& html, const DeliveryView& delivery, Epoch now) {
  html.markup("<tr><td>").text(delivery.endpoint).markup("</td><td>");
  message_cell(html, delivery);
  html.markup("</td><td><code class=\"webhook-id\">").text(delivery.webhook_id);
  html.markup("</code></td><td>");
  state_cell(html, delivery);
  html.markup("</td><td>").number(delivery.attempts).markup("</td><td>");
  if (delivery.http_status) html.number(delivery.http_status);
  html.markup("</td><td>");
  time_cell(html, delivery.last_attempt_at, now);
  html.markup("</td><td>");
  if (delivery.state == "pending") time_cell(html, delivery.next_attempt_at, now);
  html.markup("</td><td>").text(delivery.error).markup("</td></tr>");
}

void deliveries_section(Html& html, const AlertDetail& alert, Epoch now) {
  html.markup("<h2 id=\"deliveries\">Deliveries</h2>");
  if (alert.deliveries.empty()) {
    html.markup("<p class=\"empty\">No webhook wanted this alert.</p>");
    return;
  }
  html.markup(
      "<table class=\"deliveries\"><thead><tr><th>Webhook</th><th>Message</th>"
      "<th>webhook-id</th><th>State</th><th>Attempts</th><th>HTTP status</th>"
      "<th>Last attempt</th><th>Next retry</th><th>Error</th></tr></thead><tbody>");
  for (const auto& delivery : alert.deliveries) delivery_row(html, delivery, now);
  html.markup("</tbody></table>");
}

}  // namespace

PageResult alert_page(const PageRequest& request, ConsoleSource& source, const RulesSnapshot& rules,
                      std::int64_t id) {
  auto alert = source.alert(id);
  if (!alert) return error_page(500, alert.error().message);
  if (!*alert) return error_page(404, fmt::format("There is no alert {}.", id));
  PageResult result{200, (*alert)->summary.title, "alerts", {}, {}};
  Html& html = result.body;
  html.markup("<p><a href=\"/alerts\">« all alerts</a></p><article class=\"alert\">");
  story_section(html, **alert, request.now);
  fields_section(html, **alert);
  rules_section(html, request, **alert, rules);
  events_section(html, **alert);
  copies_section(html, **alert, request.now);
  deliveries_section(html, **alert, request.now);
  html.markup("</article>");
  return result;
}

}  // namespace newsmon::web
