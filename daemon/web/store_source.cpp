#include "daemon/web/store_source.h"

#include <algorithm>
#include <map>

#include "daemon/alert/evidence.h"
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

bool own(const store::Alert& alert, const store::StoredMatch& match) {
  return match.item_id == alert.story.item_id;
}

// Each rule once, the most severe first, then in the order they matched.
std::vector<std::string> rules_of(const store::Alert& alert) {
  std::vector<const rules::Match*> matches;
  for (const auto& stored : alert.matches) matches.push_back(&stored.match);
  std::stable_sort(matches.begin(), matches.end(), [](const auto* left, const auto* right) {
    return left->severity > right->severity;
  });
  std::vector<std::string> ids;
  for (const auto* match : matches) {
    if (std::find(ids.begin(), ids.end(), match->rule_id) == ids.end())
      ids.push_back(match->rule_id);
  }
  return ids;
}

// The first event of the alert's own story, else of a copy.
std::optional<rules::Event> main_event(const store::Alert& alert) {
  for (const bool own_story : {true, false}) {
    for (const auto& stored : alert.matches) {
      if (own(alert, stored) == own_story && !stored.match.events.empty()) {
        return stored.match.events.front();
      }
    }
  }
  return std::nullopt;
}

AlertSummary summarise(const store::Alert& alert) {
  AlertSummary summary;
  summary.id = alert.id;
  summary.raised_at = alert.raised_at;
  summary.title = alert.story.title;
  summary.link = alert.story.link;
  summary.outlets.push_back(outlet_name(alert.story.feed_title, alert.story.feed_url));
  for (const auto& copy : alert.also_reported_by) {
    auto outlet = outlet_name(copy.feed_title, copy.feed_url);
    if (std::find(summary.outlets.begin(), summary.outlets.end(), outlet) ==
        summary.outlets.end()) {
      summary.outlets.push_back(std::move(outlet));
    }
  }
  for (const auto& stored : alert.matches) {
    summary.severity = std::max(summary.severity, stored.match.severity);
    for (const auto& topic : stored.match.topics) {
      if (std::find(summary.topics.begin(), summary.topics.end(), topic) == summary.topics.end()) {
        summary.topics.push_back(topic);
      }
    }
  }
  summary.rules = rules_of(alert);
  summary.main_event = main_event(alert);
  return summary;
}

DeliveryView view_of(const store::DeliveryStatus& status) {
  DeliveryView view;
  view.endpoint = status.endpoint;
  view.webhook_id = status.webhook_id;
  view.sequence = status.sequence;
  view.rules = status.notice.rules;
  view.state = store::delivery_state_name(status.state);
  if (status.hold) view.hold = store::k_hold_reason_names.name_of(*status.hold);
  view.silence_id = status.silence_id.value_or(0);
  view.digest_window = status.digest_window.value_or(0);
  view.attempts = status.attempts;
  view.http_status = status.last_http_status;
  view.error = strip_url_credentials(status.last_error);
  view.last_attempt_at = status.last_attempt_at;
  view.next_attempt_at = status.next_attempt_at;
  view.finished_at = status.finished_at;
  return view;
}

// The store's snippet; the title when no hit fell in the story's text.
SnippetView snippet_of(const store::Alert& alert, const std::vector<rules::Hit>& story_hits) {
  SnippetView snippet;
  if (!alert.snippet.text.empty()) {
    snippet.text = alert.snippet.text;
    for (const auto& span : alert.snippet.highlights) {
      snippet.highlights.emplace_back(span.start, span.end);
    }
    return snippet;
  }
  snippet.text = alert.story.title;
  for (const auto& hit : story_hits) {
    if (hit.field == rules::Field::title) snippet.highlights.emplace_back(hit.start, hit.end);
  }
  return snippet;
}

AlertDetail detail_of(const store::AlertRow& row) {
  const store::Alert& alert = row.alert;
  AlertDetail detail;
  detail.summary = summarise(alert);
  detail.summary_text = alert.story.summary;
  std::vector<rules::Hit> hits;
  for (const auto& stored : alert.matches) {
    const auto& match = stored.match;
    if (own(alert, stored)) hits.insert(hits.end(), match.hits.begin(), match.hits.end());
    detail.matches.push_back({match.rule_id, match.rule_title, match.topics, match.severity,
                              alert::clean_hits(match.hits), match.events, !own(alert, stored)});
  }
  detail.story_hits = alert::clean_hits(std::move(hits));
  detail.snippet = snippet_of(alert, detail.story_hits);
  detail.feed_title = alert.story.feed_title;
  detail.feed_url = safe_link(alert.story.feed_url);
  if (alert.story.published.has_value()) detail.published = alert.story.published.epoch_seconds;
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
    if (!filter.rule.empty()) query.rules = {filter.rule};
    if (!filter.topic.empty()) query.topics = {filter.topic};
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
    store::AlertQuery query;
    query.before_id = id + 1;  // the newest alert up to this id: this one, if it exists
    query.limit = 1;
    auto rows = m_store.alerts(query);
    if (!rows) return rows.error();
    if (rows->empty() || rows->front().alert.id != id) return std::optional<AlertDetail>();
    return std::optional<AlertDetail>(detail_of(rows->front()));
  }

  util::Result<std::vector<AlertSummary>> newer_than(std::int64_t id, std::size_t limit) override {
    store::AlertQuery query;
    query.limit = limit;
    auto rows = m_store.alerts(query);
    if (!rows) return rows.error();
    std::vector<AlertSummary> newer;
    for (const auto& row : *rows) {
      if (row.alert.id > id) newer.push_back(summarise(row.alert));
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
    // The stored topics are left to the loaded rules: finding them all reads every match.
    auto rules = m_store.stored_rule_ids();
    if (!rules) return rules.error();
    FilterChoices choices{{}, std::move(*rules), {}};
    for (const auto& state : *states) {
      choices.feeds.emplace_back(state.id, outlet_name(state.title, state.configured_url));
    }
    return choices;
  }

  util::Result<std::vector<store::Silence>> silences(Epoch now) override {
    return m_store.silences({store::SilenceState::all, now, k_silences_listed, 0});
  }
  util::Result<std::int64_t> add_silence(const store::NewSilence& silence, Epoch now) override {
    return m_store.add_silence(silence, now);
  }
  util::Result<bool> expire_silence(std::int64_t id, Epoch now) override {
    return m_store.expire_silence(id, now);
  }

 private:
  static constexpr std::size_t k_silences_listed = 1000;

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
