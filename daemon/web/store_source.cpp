#include "daemon/web/store_source.h"

#include <algorithm>
#include <map>

#include "daemon/store/store.h"
#include "daemon/util/url.h"
#include "daemon/web/html.h"

namespace newsmon::web {
namespace {

constexpr Epoch k_day = 86400;

std::string outlet_name(const std::string& title, const std::string& feed_url) {
  if (!title.empty()) return title;
  const auto host = util::url_host(feed_url);
  return host.empty() ? safe_link(feed_url) : host;
}

AlertSummary summarise(const store::Alert& alert) {
  AlertSummary summary;
  summary.id = alert.match_id;
  summary.raised_at = alert.raised_at;
  summary.title = alert.title;
  summary.link = alert.link;
  summary.outlets.push_back(outlet_name(alert.feed_title, alert.feed_url));
  for (const auto& copy : alert.also_reported_by) {
    auto outlet = outlet_name(copy.feed_title, copy.feed_url);
    if (std::find(summary.outlets.begin(), summary.outlets.end(), outlet) ==
        summary.outlets.end()) {
      summary.outlets.push_back(std::move(outlet));
    }
  }
  summary.topics = alert.match.topics;
  summary.severity = alert.match.severity;
  summary.rules = {alert.match.rule_id};
  if (!alert.match.events.empty()) summary.main_event = alert.match.events.front();
  return summary;
}

DeliveryView view_of(const store::DeliveryStatus& status) {
  return DeliveryView{status.endpoint,
                      store::delivery_state_name(status.state),
                      status.attempts,
                      status.last_http_status,
                      strip_url_credentials(status.last_error),
                      status.last_attempt_at,
                      status.next_attempt_at,
                      status.finished_at};
}

// At most this many bytes of a summary around its first hit.
constexpr std::size_t k_snippet_bytes = 300;

std::size_t character_start(const std::string& text, std::size_t at) {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

// The summary around its first hit (or the title when the summary has none).
SnippetView snippet_of(const store::Alert& alert) {
  const auto& hits = alert.match.hits;
  const auto first = std::find_if(hits.begin(), hits.end(), [](const rules::Hit& hit) {
    return hit.field == rules::Field::summary;
  });
  const bool in_summary = first != hits.end();
  const std::string& text = in_summary ? alert.summary : alert.title;
  const auto field = in_summary ? rules::Field::summary : rules::Field::title;
  std::size_t begin = 0;
  if (in_summary && first->start > k_snippet_bytes / 3) {
    begin = character_start(text, first->start - k_snippet_bytes / 3);
  }
  const std::size_t end = character_start(text, std::min(text.size(), begin + k_snippet_bytes));
  SnippetView snippet;
  snippet.text =
      (begin > 0 ? "…" : "") + text.substr(begin, end - begin) + (end < text.size() ? "…" : "");
  const std::size_t shift = begin > 0 ? std::string("…").size() : 0;
  for (const auto& hit : hits) {
    if (hit.field == field && hit.start >= begin && hit.end <= end) {
      snippet.highlights.emplace_back(hit.start - begin + shift, hit.end - begin + shift);
    }
  }
  return snippet;
}

AlertDetail detail_of(const store::AlertRow& row) {
  const store::Alert& alert = row.alert;
  AlertDetail detail;
  detail.summary = summarise(alert);
  detail.summary_text = alert.summary;
  detail.snippet = snippet_of(alert);
  detail.feed_title = alert.feed_title;
  detail.feed_url = safe_link(alert.feed_url);
  if (alert.published.has_value()) detail.published = alert.published.epoch_seconds;
  const auto& match = alert.match;
  detail.matches.push_back(
      {match.rule_id, match.rule_title, match.topics, match.severity, match.hits, match.events});
  for (const auto& copy : alert.also_reported_by) {
    detail.also_reported_by.push_back(
        {outlet_name(copy.feed_title, copy.feed_url), copy.link, copy.title, copy.seen_at});
  }
  for (const auto& delivery : row.deliveries) detail.deliveries.push_back(view_of(delivery));
  return detail;
}

FeedHealth health_of(const store::FeedState& feed) {
  if (!feed.last_result) return FeedHealth::never_polled;
  switch (*feed.last_result) {
    case store::PollResult::ok: return FeedHealth::ok;
    case store::PollResult::not_modified: return FeedHealth::not_modified;
    case store::PollResult::throttled: return FeedHealth::backing_off;
    default: break;
  }
  // After the first failure the scheduler waits longer each time.
  return feed.consecutive_failures > 1 ? FeedHealth::backing_off : FeedHealth::failing;
}

class StoreSource final : public ConsoleSource {
 public:
  explicit StoreSource(store::Store& store) : m_store(store) {}

  util::Result<AlertPage> alerts(const AlertFilter& filter) override {
    store::AlertQuery query;
    query.since = filter.since;
    query.until = filter.until;
    query.rule = filter.rule;
    query.topic = filter.topic;
    query.min_severity = filter.min_severity;
    query.feed_id = filter.feed_id;
    query.text = filter.text;
    query.before_id = filter.before_id;
    query.limit = filter.limit + 1;  // one more says whether an older page exists
    auto rows = m_store.alerts(query);
    if (!rows) return rows.error();
    AlertPage page;
    page.has_older = rows->size() > filter.limit;
    for (auto row = rows->rbegin(); row != rows->rend() && page.alerts.size() < filter.limit;
         ++row) {
      page.alerts.push_back(summarise(row->alert));
    }
    return page;
  }

  util::Result<std::optional<AlertDetail>> alert(std::int64_t id) override {
    auto row = m_store.alert(id);
    if (!row) return row.error();
    if (!*row) return std::optional<AlertDetail>();
    return std::optional<AlertDetail>(detail_of(**row));
  }

  util::Result<std::vector<AlertSummary>> newer_than(std::int64_t id, std::size_t limit) override {
    store::AlertQuery query;
    query.limit = limit;
    auto rows = m_store.alerts(query);
    if (!rows) return rows.error();
    std::vector<AlertSummary> newer;
    for (const auto& row : *rows) {
      if (row.alert.match_id > id) newer.push_back(summarise(row.alert));
    }
    return newer;
  }

  util::Result<std::vector<FeedView>> feeds(Epoch now) override {
    auto states = m_store.feeds();
    if (!states) return states.error();
    auto activity = m_store.feed_activity(now - 7 * k_day);
    if (!activity) return activity.error();
    std::map<std::int64_t, store::FeedActivity> by_feed;
    for (const auto& entry : *activity) by_feed[entry.feed_id] = entry;
    std::vector<FeedView> views;
    for (const auto& state : *states) {
      if (!state.active) continue;
      FeedView view{state.id,
                    safe_link(state.configured_url),
                    state.title,
                    health_of(state),
                    store::poll_result_name(state.last_result),
                    state.last_http_status,
                    strip_url_credentials(state.last_error),
                    state.consecutive_failures,
                    state.last_poll_at,
                    state.next_poll_at,
                    by_feed[state.id].items,
                    by_feed[state.id].alerts};
      if (view.url.empty()) view.url = strip_url_credentials(state.configured_url);
      views.push_back(std::move(view));
    }
    return views;
  }

  util::Result<Activity> activity(Epoch now, int days) override;

  util::Result<FilterChoices> choices() override {
    auto states = m_store.feeds();
    if (!states) return states.error();
    FilterChoices choices;
    for (const auto& state : *states) {
      choices.feeds.emplace_back(state.id, outlet_name(state.title, state.configured_url));
    }
    return choices;
  }

  bool has_silences() const override { return false; }
  util::Result<std::vector<SilenceView>> silences(Epoch) override { return no_silences(); }
  util::Result<std::int64_t> add_silence(const NewSilence&, Epoch) override {
    return no_silences();
  }
  util::Result<bool> expire_silence(std::int64_t, Epoch) override { return no_silences(); }

 private:
  static util::Error no_silences() {
    return util::make_error("this database keeps no silences yet");
  }

  store::Store& m_store;
};

// Fills one series per key from the store's daily counts.
template <typename KeyOf>
std::vector<Activity::Series> series_of(const std::vector<store::DailyCount>& counts,
                                        const Activity& frame, KeyOf key_of) {
  std::map<std::string, std::vector<std::int64_t>> by_key;
  for (const auto& count : counts) {
    const auto day = (count.day - frame.first_day) / k_day;
    if (day < 0 || day >= frame.days) continue;
    auto& values = by_key[key_of(count)];
    values.resize(static_cast<std::size_t>(frame.days));
    values[static_cast<std::size_t>(day)] += count.alerts;
  }
  std::vector<Activity::Series> series;
  for (auto& [name, values] : by_key) series.push_back({name, std::move(values)});
  return series;
}

util::Result<Activity> StoreSource::activity(Epoch now, int days) {
  Activity activity;
  activity.days = days;
  activity.first_day = (now / k_day - (days - 1)) * k_day;
  auto topics = m_store.alerts_per_day(activity.first_day, store::CountBy::topic);
  if (!topics) return topics.error();
  auto feeds = m_store.alerts_per_day(activity.first_day, store::CountBy::feed);
  if (!feeds) return feeds.error();
  auto states = m_store.feeds();
  if (!states) return states.error();
  std::map<std::int64_t, std::string> names;
  for (const auto& state : *states)
    names[state.id] = outlet_name(state.title, state.configured_url);
  activity.by_topic = series_of(*topics, activity, [](const auto& count) { return count.topic; });
  activity.by_feed =
      series_of(*feeds, activity, [&](const auto& count) { return names[count.feed_id]; });
  return activity;
}

}  // namespace

std::unique_ptr<ConsoleSource> make_store_source(store::Store& store) {
  return std::make_unique<StoreSource>(store);
}

}  // namespace newsmon::web
