#include "daemon/store/sqlite/columns.h"

#include <nlohmann/json.hpp>

namespace newsmon::store::sqlite {

const char* const k_feed_columns =
    "id, configured_url, url, title, site_link, active, etag, last_modified, "
    "last_poll_at, last_result, last_http_status, last_error, last_new_items, "
    "consecutive_failures, last_success_at, next_poll_at, interval_seconds, "
    "publish_gap_seconds, last_new_item_at, redirect_candidate, redirect_streak, "
    "coalesce(lease_holder, ''), coalesce(lease_until, 0)";

FeedState read_feed(const Statement& row) {
  FeedState feed;
  feed.id = row.int64(0);
  feed.configured_url = row.text(1);
  feed.url = row.text(2);
  feed.title = row.text(3);
  feed.site_link = row.text(4);
  feed.active = row.int64(5) != 0;
  feed.etag = row.text(6);
  feed.last_modified = row.text(7);
  feed.last_poll_at = row.int64(8);
  feed.last_result = parse_poll_result(row.text(9));
  feed.last_http_status = row.integer(10);
  feed.last_error = row.text(11);
  feed.last_new_items = row.integer(12);
  feed.consecutive_failures = row.integer(13);
  feed.last_success_at = row.int64(14);
  feed.next_poll_at = row.int64(15);
  feed.interval_seconds = row.int64(16);
  feed.publish_gap_seconds = row.real(17);
  feed.last_new_item_at = row.int64(18);
  feed.redirect_candidate = row.text(19);
  feed.redirect_streak = row.integer(20);
  feed.lease_holder = row.text(21);
  feed.lease_until = row.int64(22);
  return feed;
}

std::vector<std::string> string_array(std::string_view json_text) {
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  std::vector<std::string> out;
  if (!parsed.is_array()) return out;
  for (const auto& element : parsed) {
    if (element.is_string()) out.push_back(element.get<std::string>());
  }
  return out;
}

rules::Severity severity_of(std::string_view name) {
  return rules::k_severity_names.find(name).value_or(rules::Severity::medium);
}

Notice notice_of(const Statement& row, int first) {
  return {string_array(row.text(first)), string_array(row.text(first + 1)),
          severity_of(row.text(first + 2))};
}

std::string snippet_json(const Snippet& snippet) {
  auto highlights = nlohmann::json::array();
  for (const auto& span : snippet.highlights) highlights.push_back({span.start, span.end});
  return nlohmann::json{{"field", rules::field_name(snippet.field)},
                        {"text", snippet.text},
                        {"highlights", std::move(highlights)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Snippet parse_snippet(std::string_view json_text) {
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  Snippet snippet;
  if (!parsed.is_object()) return snippet;
  const auto text = parsed.find("text");
  const auto field = parsed.find("field");
  if (text == parsed.end() || !text->is_string()) return snippet;
  snippet.text = text->get<std::string>();
  if (field != parsed.end() && field->is_string()) {
    snippet.field =
        rules::k_field_names.find(field->get<std::string>()).value_or(rules::Field::title);
  }
  const auto highlights = parsed.find("highlights");
  if (highlights == parsed.end() || !highlights->is_array()) return snippet;
  for (const auto& span : *highlights) {
    if (!span.is_array() || span.size() != 2 || !span[0].is_number_unsigned() ||
        !span[1].is_number_unsigned()) {
      continue;
    }
    const auto start = span[0].get<std::size_t>();
    const auto end = span[1].get<std::size_t>();
    if (start < end && end <= snippet.text.size()) snippet.highlights.push_back({start, end});
  }
  return snippet;
}

}  // namespace newsmon::store::sqlite
