#pragma once
// Builders shared by the store tests: a store on a real SQLite file in a temporary folder
// or a fresh database on a throw-away PostgreSQL server, and items and matches as the
// poller would hand them over.
//
// The contract tests run once per backend: a test case starts with
//   test::use_backend(GENERATE(from_range(test::store_backends())));
// and every StoreFixture it then makes opens that backend.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "daemon/store/store.h"
#include "tests/support/paths.h"
#include "tests/support/postgres_cluster.h"

namespace newsmon::test {

inline constexpr store::Epoch k_start = 1'675'000'000;  // 2023-01-29T13:46:40Z

enum class Backend { sqlite, postgres };

/// The backend StoreFixtures open from now on (the default: SQLite).
inline Backend& current_backend() {
  static Backend backend = Backend::sqlite;
  return backend;
}
inline void use_backend(Backend backend) {
  current_backend() = backend;
}

/// SQLite, and PostgreSQL when its programs are installed (otherwise says once why the
/// PostgreSQL cases are skipped).
inline std::vector<Backend> store_backends() {
  if (PostgresCluster::instance()) return {Backend::sqlite, Backend::postgres};
  static const bool told = [] {
    WARN("PostgreSQL cases skipped: " << PostgresCluster::unavailable_reason());
    return true;
  }();
  (void)told;
  return {Backend::sqlite};
}

/// Whether a StoreFixture starts with one feed (feed_id) or with an empty store.
enum class WithFeed { yes, no };

struct StoreFixture {
  Backend backend = current_backend();
  TempDir dir;
  std::filesystem::path path = dir / "newsmon.db";
  /// The postgresql:// URL of this fixture's database; empty on SQLite.
  std::string url =
      backend == Backend::postgres ? PostgresCluster::instance()->create_database() : std::string();
  /// For test::query(): the database the store writes.
  DatabaseRef db{path, url};
  std::unique_ptr<store::Store> store;
  std::int64_t feed_id = 0;

  explicit StoreFixture(WithFeed with_feed = WithFeed::yes) {
    UNSCOPED_INFO("store backend: " << (backend == Backend::postgres ? "PostgreSQL" : "SQLite"));
    store = open_again();
    if (with_feed == WithFeed::no) return;
    feed_id = store->sync_feeds({"https://feeds.example.org/world.xml"}, k_start).value().at(0).id;
  }

  /// Another store on the same database, as a second process would open it.
  std::unique_ptr<store::Store> open_again(store::Access access = store::Access::read_write) const {
    store::StoreOptions options;
    options.sqlite.access = access;
    return store::open_store(url.empty() ? path.string() : url, options).value();
  }

  std::int64_t add_feed(const std::string& feed_url) {
    std::vector<std::string> urls;
    const auto known = store->feeds().value();
    for (const auto& feed : known) urls.push_back(feed.configured_url);
    urls.push_back(feed_url);
    const auto active = store->sync_feeds(urls, k_start).value();
    for (const auto& feed : active) {
      if (feed.configured_url == feed_url) return feed.id;
    }
    return 0;
  }
};

/// A query for alerts since a time, optionally for one rule or topic.
inline store::AlertQuery alerts_since(store::Epoch since, std::string rule = {},
                                      std::string topic = {}, std::size_t limit = 1000) {
  store::AlertQuery query;
  query.since = since;
  if (!rule.empty()) query.rules = {std::move(rule)};
  if (!topic.empty()) query.topics = {std::move(topic)};
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
                                     std::vector<rules::Match> matches = {}) {
  store::IncomingItem incoming;
  incoming.item.id = id;
  incoming.item.title = title;
  incoming.item.summary = summary;
  incoming.item.link = link;
  incoming.matches = std::move(matches);
  return incoming;
}

/// A planner for the store's tests (the real one is alert::Router): every endpoint named
/// gets a delivery of all the alert's rules, and a follow-up when a rule adds a topic or
/// a higher severity; those in `held` get theirs written as held (backlog).
class SendToAll final : public store::DeliveryPlanner {
 public:
  explicit SendToAll(std::vector<std::string> endpoints, std::vector<std::string> held = {})
      : m_endpoints(std::move(endpoints)), m_held(std::move(held)) {}

  std::vector<store::PlannedDelivery> plan(const store::AlertContext& alert,
                                           store::Epoch now) const override {
    store::Notice notice;
    for (const auto& rule : alert.rules) {
      notice.rules.push_back(rule.id);
      notice.severity = std::max(notice.severity, rule.severity);
      for (const auto& topic : rule.topics) {
        if (std::find(notice.topics.begin(), notice.topics.end(), topic) == notice.topics.end())
          notice.topics.push_back(topic);
      }
    }
    std::vector<store::PlannedDelivery> plans;
    for (const auto& endpoint : m_endpoints) {
      if (!news(alert, endpoint, notice)) continue;
      store::PlannedDelivery plan{endpoint, notice, now, std::nullopt, std::nullopt, std::nullopt};
      if (std::find(m_held.begin(), m_held.end(), endpoint) != m_held.end()) {
        plan.hold = store::HoldReason::backlog;
      }
      plans.push_back(std::move(plan));
    }
    return plans;
  }

 private:
  static bool news(const store::AlertContext& alert, const std::string& endpoint,
                   const store::Notice& notice) {
    const store::PastDelivery* last = nullptr;
    for (const auto& past : alert.deliveries) {
      if (past.endpoint == endpoint) last = &past;
    }
    if (!last) return true;
    if (notice.severity > last->notice.severity) return true;
    for (const auto& topic : notice.topics) {
      if (std::find(last->notice.topics.begin(), last->notice.topics.end(), topic) ==
          last->notice.topics.end())
        return true;
    }
    return false;
  }

  std::vector<std::string> m_endpoints;
  std::vector<std::string> m_held;
};

/// Ingests with the store's default cluster policy, sending to these endpoints.
inline util::Result<store::IngestResult> ingest(store::Store& store, std::int64_t feed_id,
                                                std::vector<store::IncomingItem> items,
                                                store::Epoch now,
                                                std::vector<std::string> endpoints = {"analysts"},
                                                store::ClusterPolicy policy = {}) {
  return store.ingest(feed_id, std::move(items), now, policy, SendToAll(std::move(endpoints)));
}

}  // namespace newsmon::test
