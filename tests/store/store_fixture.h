#pragma once
// Builders shared by the store tests: a store on a real file in a temporary folder, and
// items and matches as the poller would hand them over.

#include <memory>
#include <string>
#include <vector>

#include "daemon/store/store.h"
#include "tests/support/paths.h"

namespace newsmon::test {

inline constexpr store::Epoch k_start = 1'675'000'000;  // 2023-01-29T13:46:40Z

struct StoreFixture {
  TempDir dir;
  std::filesystem::path path = dir / "newsmon.db";
  std::unique_ptr<store::Store> store;
  std::int64_t feed_id = 0;

  StoreFixture() {
    store = store::open_sqlite_store(path).value();
    feed_id = store->sync_feeds({"https://feeds.example.org/world.xml"}, k_start).value().at(0).id;
  }

  std::int64_t add_feed(const std::string& url) {
    std::vector<std::string> urls;
    const auto known = store->feeds().value();
    for (const auto& feed : known) urls.push_back(feed.configured_url);
    urls.push_back(url);
    const auto active = store->sync_feeds(urls, k_start).value();
    for (const auto& feed : active) {
      if (feed.configured_url == url) return feed.id;
    }
    return 0;
  }
};

/// A query for alerts since a time, optionally for one rule or topic.
inline store::AlertQuery alerts_since(store::Epoch since, std::string rule = {},
                                      std::string topic = {}, std::size_t limit = 1000) {
  store::AlertQuery query;
  query.since = since;
  query.rule = std::move(rule);
  query.topic = std::move(topic);
  query.limit = limit;
  return query;
}

inline rules::Match make_match(const std::string& rule_id,
                               std::vector<std::string> topics = {"arms_transfer"},
                               rules::Severity severity = rules::Severity::high) {
  rules::Match match;
  match.rule_id = rule_id;
  match.rule_title = "Rule " + rule_id;
  match.topics = std::move(topics);
  match.severity = severity;
  match.hits = {{rules::Field::title, 0, 6, "Abrams"}};
  match.events = {{"United States", "Ukraine", "M1 Abrams", 31, rules::TransferStatus::pledged}};
  return match;
}

inline store::IncomingItem make_item(const std::string& id, const std::string& title,
                                     const std::string& summary, const std::string& link,
                                     std::vector<store::PlannedMatch> matches = {}) {
  store::IncomingItem incoming;
  incoming.item.id = id;
  incoming.item.title = title;
  incoming.item.summary = summary;
  incoming.item.link = link;
  incoming.matches = std::move(matches);
  return incoming;
}

inline store::PlannedMatch planned(const std::string& rule_id,
                                   std::vector<std::string> endpoints = {"analysts"}) {
  return {make_match(rule_id), std::move(endpoints)};
}

}  // namespace newsmon::test
