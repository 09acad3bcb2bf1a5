#include "daemon/feed/json.h"

namespace newsmon::feed {
namespace {

using nlohmann::json;

json epoch_or_null(const Date& date) {
  return date.has_value() ? json(date.epoch_seconds) : json(nullptr);
}

void put_date(json& object, const char* name, const Date& date) {
  object[name] = epoch_or_null(date);
  if (date.status == DateStatus::missing) return;
  object[std::string(name) + "_raw"] = date.raw;
  object[std::string(name) + "_status"] = k_date_status_names.name_of(date.status);
}

json people(const std::vector<Person>& persons) {
  json out = json::array();
  for (const auto& person : persons) {
    json entry = json::object();
    if (!person.name.empty()) entry["name"] = person.name;
    if (!person.email.empty()) entry["email"] = person.email;
    if (!person.uri.empty()) entry["uri"] = person.uri;
    out.push_back(std::move(entry));
  }
  return out;
}

json enclosures(const std::vector<Enclosure>& list) {
  json out = json::array();
  for (const auto& enclosure : list) {
    json entry = {{"url", enclosure.url}, {"type", enclosure.type}};
    entry["length"] = enclosure.length ? json(*enclosure.length) : json(nullptr);
    out.push_back(std::move(entry));
  }
  return out;
}

json feed_info(const FeedInfo& feed) {
  json out = {{"format", format_name(feed.format)},
              {"title", feed.title},
              {"link", feed.link},
              {"id", feed.id},
              {"language", feed.language},
              {"description", feed.description},
              {"self", feed.self_links},
              {"hubs", feed.hub_links}};
  put_date(out, "updated", feed.updated);
  out["ttl_minutes"] = feed.ttl_minutes ? json(*feed.ttl_minutes) : json(nullptr);
  if (!feed.skip_hours.empty()) out["skip_hours"] = feed.skip_hours;
  if (!feed.skip_days.empty()) out["skip_days"] = feed.skip_days;
  return out;
}

json report(const ParseReport& report) {
  json out = {{"is_feed", report.is_feed},
              {"well_formed", report.well_formed},
              {"is_html_page", report.is_html_page},
              {"encoding", report.encoding}};
  out["error"] = report.error.empty() ? json(nullptr) : json(report.error);
  out["warnings"] = report.warnings;
  return out;
}

}  // namespace

json to_json(const Item& item) {
  json out = {{"id", item.id},
              {"id_is_fallback", item.id_is_fallback},
              {"link", item.link},
              {"title", item.title},
              {"text", item.content.empty() ? item.summary : item.content},
              {"summary", item.summary},
              {"content", item.content}};
  put_date(out, "published", item.published);
  put_date(out, "updated", item.updated);
  out["authors"] = people(item.authors);
  out["tags"] = item.categories;
  out["enclosures"] = enclosures(item.enclosures);
  return out;
}

json to_json(const ParsedFeed& feed) {
  json entries = json::array();
  for (const auto& item : feed.items) entries.push_back(to_json(item));
  return {{"feed", feed_info(feed.feed)},
          {"entries", std::move(entries)},
          {"report", report(feed.report)}};
}

}  // namespace newsmon::feed
