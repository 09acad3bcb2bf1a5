// The generic JSON envelope and the dispatch over formats.

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/util/clock.h"
#include "daemon/util/redact.h"

namespace newsmon::alert {
namespace {

using json = nlohmann::ordered_json;

// A feed URL's password or token is the operator's, not the receiver's.
json feed_object(const std::string& title, const std::string& url) {
  return {{"title", title}, {"url", util::redact_url(url)}};
}

json story_object(const store::Story& story) {
  const std::string published = text::published(story);
  return {{"id", story.entry_id},
          {"title", story.title},
          {"link", story.link},
          {"summary", story.summary},
          {"published", published.empty() ? json() : json(published)},
          {"first_seen", util::format_rfc3339(story.first_seen)},
          {"feed", feed_object(story.feed_title, story.feed_url)}};
}

json reports_array(const store::Alert& alert) {
  auto reports = json::array();
  for (const auto& report : alert.also_reported_by) {
    reports.push_back({{"feed", feed_object(report.feed_title, report.feed_url)},
                       {"title", report.title},
                       {"link", report.link},
                       {"seen_at", util::format_rfc3339(report.seen_at)}});
  }
  return reports;
}

json rules_array(const AlertView& view) {
  auto rules = json::array();
  for (const auto& rule : view.rules) {
    rules.push_back({{"id", rule.id},
                     {"title", rule.title},
                     {"severity", rules::severity_name(rule.severity)},
                     {"topics", rule.topics}});
  }
  return rules;
}

// {"title": [{"start","end","text"}], "summary": [...]}: the fields with hits.
json hits_object(const std::vector<rules::Hit>& hits) {
  auto object = json::object();
  for (const auto& hit : hits) {
    object[rules::field_name(hit.field)].push_back(
        {{"start", hit.start}, {"end", hit.end}, {"text", hit.text}});
  }
  return object;
}

json snippet_object(const store::Snippet& snippet) {
  if (snippet.text.empty()) return json();
  auto highlights = json::array();
  for (const auto& span : snippet.highlights) {
    highlights.push_back({{"start", span.start}, {"end", span.end}});
  }
  return {{"field", rules::field_name(snippet.field)},
          {"text", snippet.text},
          {"highlights", std::move(highlights)}};
}

json update_object(const Update& update) {
  return {
      {"updates", update.updates},
      {"sequence", update.sequence},
      {"new_topics", update.new_topics},
      {"new_rules", update.new_rules},
      {"previous_severity",
       update.previous_severity ? json(rules::severity_name(*update.previous_severity)) : json()}};
}

json entry_data(const MessageEntry& entry) {
  auto data = alert_data(entry.alert, entry.told ? &*entry.told : nullptr);
  if (entry.update) data["update"] = update_object(*entry.update);
  return data;
}

json digest_payload(const Message& message) {
  auto alerts = json::array();
  for (const auto& entry : message.entries) alerts.push_back(entry_data(entry));
  return {{"type", "newsmon.digest"},
          {"version", k_envelope_version},
          {"timestamp", util::format_rfc3339(message.digest->end)},
          {"data",
           {{"window",
             {{"start", util::format_rfc3339(message.digest->start)},
              {"end", util::format_rfc3339(message.digest->end)}}},
            {"count", message.entries.size()},
            {"alerts", std::move(alerts)}}}};
}

}  // namespace

json alert_data(const store::Alert& alert, const store::Notice* told) {
  const auto view = view_of(alert, told);
  // rules' own to_json keeps events in the shape `newsmon match` prints.
  const nlohmann::json events = view.events;
  return {{"severity", rules::severity_name(view.severity)},
          {"topics", view.topics},
          {"rules", rules_array(view)},
          {"story", story_object(alert.story)},
          {"snippet", snippet_object(alert.snippet)},
          {"hits", hits_object(view.hits)},
          {"events", json(events)},
          {"also_reported_by", reports_array(alert)}};
}

json json_payload(const Message& message) {
  if (message.digest) return digest_payload(message);
  if (message.entries.empty()) return json::object();
  const auto& entry = message.entries.front();
  return {{"type", entry.update ? "newsmon.alert.update" : "newsmon.alert"},
          {"version", k_envelope_version},
          {"timestamp", util::format_rfc3339(entry.alert.raised_at)},
          {"data", entry_data(entry)}};
}

std::string render_payload(Format format, const Message& message) {
  // Story text is meant to be UTF-8 already; a stray bad byte must not cost the alert.
  const auto compact = [](const json& body) {
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  switch (format) {
    case Format::json: return compact(json_payload(message));
    case Format::slack: return compact(slack_payload(message));
    case Format::discord: return compact(discord_payload(message));
    case Format::teams: return compact(teams_payload(message));
  }
  return compact(json_payload(message));
}

}  // namespace newsmon::alert
