#pragma once
// A ConsoleSource over plain vectors, so page and console tests choose exactly what the
// store would hold.

#include <algorithm>
#include <map>

#include "daemon/web/source.h"

namespace newsmon::test {

class FakeSource final : public web::ConsoleSource {
 public:
  std::vector<web::AlertDetail> alerts_held;  ///< oldest first
  std::vector<web::FeedView> feeds_held;
  std::vector<store::Silence> silences_held;
  std::vector<web::Activity::Series> feed_activity_held;
  web::AlertFilter last_filter;

  web::AlertDetail& add_alert(std::int64_t id, std::string title) {
    web::AlertDetail alert;
    alert.summary.id = id;
    alert.summary.title = std::move(title);
    alert.summary.raised_at = 1'675'000'000 + id;
    alert.summary.outlets = {"Wire"};
    alert.summary.topics = {"arms_transfer"};
    alert.summary.severity = rules::Severity::high;
    alerts_held.push_back(alert);
    return alerts_held.back();
  }

  util::Result<web::AlertPage> alerts(const web::AlertFilter& filter) override {
    last_filter = filter;
    web::AlertPage page;
    for (auto it = alerts_held.rbegin(); it != alerts_held.rend(); ++it) {
      if (filter.before_id && it->summary.id >= filter.before_id) continue;
      if (page.alerts.size() == filter.limit) {
        page.has_older = true;
        break;
      }
      page.alerts.push_back(it->summary);
    }
    return page;
  }
  util::Result<std::optional<web::AlertDetail>> alert(std::int64_t id) override {
    for (const auto& alert : alerts_held) {
      if (alert.summary.id == id) return std::optional<web::AlertDetail>(alert);
    }
    return std::optional<web::AlertDetail>();
  }
  util::Result<std::vector<web::AlertSummary>> newer_than(std::int64_t id,
                                                          std::size_t limit) override {
    std::vector<web::AlertSummary> newer;
    for (const auto& alert : alerts_held) {
      if (alert.summary.id > id) newer.push_back(alert.summary);
    }
    if (newer.size() > limit) newer.erase(newer.begin(), newer.end() - static_cast<long>(limit));
    return newer;
  }
  util::Result<std::vector<web::FeedView>> feeds(web::Epoch) override { return feeds_held; }
  util::Result<web::Activity> activity(web::Epoch now, int days) override {
    web::Activity activity;
    activity.days = days;
    activity.first_day = (now / 86400 - (days - 1)) * 86400;
    activity.by_topic = {{"arms_transfer", std::vector<std::int64_t>(days, 1)}};
    activity.by_feed = feed_activity_held;
    return activity;
  }
  util::Result<web::FilterChoices> choices() override { return web::FilterChoices{}; }
  util::Result<std::vector<store::Silence>> silences(web::Epoch) override { return silences_held; }
  util::Result<std::int64_t> add_silence(const store::NewSilence& silence,
                                         web::Epoch now) override {
    store::Silence added;
    added.id = static_cast<std::int64_t>(silences_held.size()) + 1;
    added.matchers = silence.matchers;
    added.comment = silence.comment;
    added.created_by = silence.created_by;
    added.created_at = now;
    added.starts_at = silence.starts_at;
    added.ends_at = silence.ends_at;
    silences_held.push_back(added);
    return added.id;
  }
  util::Result<bool> expire_silence(std::int64_t id, web::Epoch now) override {
    for (auto& silence : silences_held) {
      if (silence.id != id) continue;
      const bool was = silence.active_at(now);
      if (was) {
        silence.ends_at = now;
        silence.expired_at = now;
      }
      return was;
    }
    return util::make_error("no silence {}", id);
  }
};

}  // namespace newsmon::test
