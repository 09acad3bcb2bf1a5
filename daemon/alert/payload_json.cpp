// The generic JSON envelope and the dispatch over formats.

#include "daemon/alert/payload.h"
#include "daemon/alert/payload_text.h"
#include "daemon/util/clock.h"

namespace newsmon::alert {
namespace {

nlohmann::ordered_json feed_object(const std::string& title, const std::string& url) {
  return {{"title", title}, {"url", url}};
}

nlohmann::ordered_json story_object(const store::Alert& alert) {
  const std::string published = text::published(alert);
  return {{"id", alert.entry_id},
          {"title", alert.title},
          {"link", alert.link},
          {"summary", alert.summary},
          {"published",
           published.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(published)},
          {"first_seen", util::format_rfc3339(alert.first_seen)},
          {"feed", feed_object(alert.feed_title, alert.feed_url)}};
}

nlohmann::ordered_json reports_array(const store::Alert& alert) {
  auto reports = nlohmann::ordered_json::array();
  for (const auto& report : alert.also_reported_by) {
    reports.push_back({{"feed", feed_object(report.feed_title, report.feed_url)},
                       {"title", report.title},
                       {"link", report.link},
                       {"seen_at", util::format_rfc3339(report.seen_at)}});
  }
  return reports;
}

}  // namespace

nlohmann::ordered_json json_payload(const store::Alert& alert) {
  const auto& match = alert.match;
  // rules' own to_json keeps hits and events in the shape `newsmon match` prints.
  const nlohmann::json hits = match.hits;
  const nlohmann::json events = match.events;
  nlohmann::ordered_json data = {{"rule",
                                  {{"id", match.rule_id},
                                   {"title", match.rule_title},
                                   {"severity", rules::severity_name(match.severity)}}},
                                 {"topics", match.topics},
                                 {"story", story_object(alert)},
                                 {"hits", nlohmann::ordered_json(hits)},
                                 {"events", nlohmann::ordered_json(events)},
                                 {"also_reported_by", reports_array(alert)}};
  return {{"type", "newsmon.match"},
          {"timestamp", util::format_rfc3339(alert.raised_at)},
          {"data", std::move(data)}};
}

std::string render_payload(Format format, const store::Alert& alert) {
  // Story text is meant to be UTF-8 already; a stray bad byte must not cost the alert.
  const auto compact = [](const nlohmann::ordered_json& json) {
    return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  };
  switch (format) {
    case Format::json: return compact(json_payload(alert));
    case Format::slack: return compact(slack_payload(alert));
    case Format::discord: return compact(discord_payload(alert));
    case Format::teams: return compact(teams_payload(alert));
  }
  return compact(json_payload(alert));
}

}  // namespace newsmon::alert
