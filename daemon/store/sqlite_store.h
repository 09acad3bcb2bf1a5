#pragma once
// The SQLite implementation of Store. Private to store/; others call open_sqlite_store().
// Its methods are spread over sqlite_store.cpp (connection, feeds), sqlite_ingest.cpp
// (items, matches, clustering), sqlite_outbox.cpp (deliveries) and sqlite_queries.cpp
// (reading alerts back).

#include <functional>
#include <mutex>
#include <unordered_map>

#include "daemon/store/sqlite.h"
#include "daemon/store/store.h"

namespace newsmon::store {

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite::Database database, std::chrono::milliseconds busy_timeout)
      : m_database(std::move(database)), m_busy_timeout(busy_timeout) {}
  ~SqliteStore() override;

  util::Result<std::vector<FeedState>> sync_feeds(const std::vector<std::string>& urls,
                                                  Epoch now) override;
  util::Result<std::vector<FeedState>> feeds() override;
  util::Status save_feed_state(const FeedState& state) override;

  util::Result<std::vector<std::string>> known_entry_ids(
      std::int64_t feed_id, const std::vector<std::string>& entry_ids) override;
  util::Result<IngestResult> ingest(std::int64_t feed_id, std::vector<IncomingItem> items,
                                    Epoch now, const ClusterPolicy& policy) override;

  util::Result<std::vector<DeliveryJob>> lease_deliveries(const std::string& endpoint, Epoch now,
                                                          std::chrono::seconds lease,
                                                          std::size_t limit) override;
  util::Result<std::optional<Epoch>> next_delivery_due(const std::string& endpoint,
                                                       Epoch now) override;
  util::Status record_deliveries(const std::vector<DeliveryOutcome>& outcomes) override;
  util::Status release_deliveries(const std::vector<std::int64_t>& delivery_ids) override;
  util::Result<std::int64_t> kill_deliveries(const std::string& endpoint, const std::string& error,
                                             Epoch now) override;
  util::Result<std::int64_t> kill_unconfigured_deliveries(
      const std::vector<std::string>& configured, Epoch now) override;
  util::Result<QueueStats> queue_stats(Epoch now) override;

  util::Result<std::vector<AlertRow>> alerts(const AlertQuery& query) override;
  util::Status for_each_item_since(Epoch since,
                                   const std::function<void(const StoredItem&)>& visit) override;

  util::Status checkpoint() override;
  std::uint64_t busy_count() const override { return m_database.busy_count(); }

 private:
  /// The prepared statement for this SQL text (a string literal: cached by address),
  /// compiled on first use.
  util::Result<sqlite::Statement*> statement(const char* sql);

  // Helpers that run with m_mutex held, inside a transaction where they write.
  util::Result<std::optional<std::int64_t>> insert_item(std::int64_t feed_id,
                                                        const IncomingItem& incoming,
                                                        const std::string& outlet, Epoch now);
  util::Result<std::optional<std::int64_t>> find_cluster(std::int64_t item_id,
                                                         const IncomingItem& incoming,
                                                         const std::string& outlet,
                                                         const rules::Match& match, Epoch now,
                                                         const ClusterPolicy& policy);
  util::Result<std::optional<std::int64_t>> find_cluster_by_link(std::int64_t item_id,
                                                                 const std::string& link,
                                                                 const std::string& rule_id,
                                                                 Epoch since);
  util::Result<std::optional<std::int64_t>> find_cluster_by_simhash(std::int64_t item_id,
                                                                    std::uint64_t simhash,
                                                                    const std::string& host,
                                                                    const std::string& rule_id,
                                                                    Epoch since, int max_distance);
  util::Result<std::int64_t> insert_match(std::int64_t item_id, const rules::Match& match,
                                          Epoch now, std::optional<std::int64_t> cluster_of);
  util::Status insert_deliveries(std::int64_t match_id, const std::string& story_key,
                                 const PlannedMatch& planned, Epoch now, IngestResult& result);
  /// Runs one UPDATE in its own write transaction; returns the rows it changed.
  util::Result<std::int64_t> update_counted(const char* sql,
                                            const std::function<void(sqlite::Statement&)>& bind);
  util::Result<Alert> load_alert(std::int64_t match_id);
  util::Result<std::vector<Report>> load_reports(std::int64_t match_id);
  util::Result<std::vector<DeliveryStatus>> load_delivery_statuses(std::int64_t match_id);

  sqlite::Database m_database;  // declared first: destroyed after the statements
  std::chrono::milliseconds m_busy_timeout;
  std::unordered_map<const char*, sqlite::Statement> m_statements;
  std::mutex m_mutex;
};

}  // namespace newsmon::store
