#pragma once
// The SQLite implementation of Store. Private to store/; others call open_sqlite_store().
// Its methods are spread over sqlite_store.cpp (connection, feeds), ingest.cpp (the
// primitives of an ingest transaction), outbox.cpp (deliveries), queries.cpp (reading
// alerts back), activity.cpp (counts for charts) and silences.cpp. It holds SQL, not story
// logic: clustering is decided in store/cluster.cpp, routing by the DeliveryPlanner.
// schema.cpp has the tables.

#include <functional>
#include <mutex>
#include <unordered_map>

#include "daemon/store/ingest_transaction.h"
#include "daemon/store/sqlite/database.h"
#include "daemon/store/sqlite/lock.h"
#include "daemon/store/store.h"

namespace newsmon::store {

class SqliteStore final : public Store {
 public:
  /// A held lock makes this store the only daemon on its file (DatabaseClaim::exclusive).
  SqliteStore(sqlite::Database database, std::chrono::milliseconds busy_timeout,
              sqlite::DatabaseLock lock)
      : m_lock(std::move(lock)), m_database(std::move(database)), m_busy_timeout(busy_timeout) {}
  ~SqliteStore() override;

  util::Result<std::vector<FeedState>> sync_feeds(const std::vector<std::string>& urls,
                                                  Epoch now) override;
  util::Result<std::vector<FeedState>> feeds() override;
  util::Status save_feed_state(const FeedState& state) override;

  util::Status register_instance(const InstanceInfo& instance, Epoch stale_before) override;
  util::Status heartbeat(Epoch now) override;
  util::Status unregister_instance() override;
  util::Result<std::int64_t> retire_instances(const std::vector<std::string>& ids) override;
  util::Result<std::vector<InstanceStatus>> instances(Epoch now) override;
  util::Result<std::vector<FeedClaim>> claim_feeds(const std::vector<std::int64_t>& ids, Epoch now,
                                                   std::chrono::seconds lease,
                                                   ClaimScope scope) override;
  util::Status release_feeds(const std::vector<std::int64_t>& ids) override;
  /// The daemon owns its SQLite file (its lock): its own count of polls per host is enough.
  bool shares_host_slots() const override { return false; }
  util::Result<std::optional<int>> take_host_slot(const std::string& host, int slots, Epoch now,
                                                  std::chrono::seconds lease) override;
  util::Status release_host_slot(const std::string& host, int slot) override;

  util::Result<std::vector<std::string>> known_entry_ids(
      std::int64_t feed_id, const std::vector<std::string>& entry_ids) override;

  util::Result<std::vector<DeliveryJob>> lease_deliveries(const std::string& endpoint, Epoch now,
                                                          std::chrono::seconds lease,
                                                          std::size_t limit) override;
  util::Result<std::vector<DeliveryJob>> lease_digest(const std::string& endpoint, Epoch now,
                                                      std::chrono::seconds lease) override;
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
  util::Result<std::vector<std::string>> stored_rule_ids() override;
  util::Result<std::vector<std::string>> stored_topics() override;
  util::Result<std::vector<DailyCount>> alerts_per_day(Epoch since, CountBy by) override;
  util::Result<std::vector<FeedActivity>> feed_activity(Epoch since) override;

  util::Result<std::int64_t> add_silence(const NewSilence& silence, Epoch now) override;
  util::Result<bool> expire_silence(std::int64_t id, Epoch now) override;
  util::Result<std::vector<Silence>> silences(const SilenceQuery& query) override;
  util::Status for_each_item_since(Epoch since,
                                   const std::function<void(const StoredItem&)>& visit) override;

  util::Status checkpoint() override;
  std::uint64_t busy_count() const override { return m_database.busy_count(); }

 private:
  /// The prepared statement for this SQL text (a string literal: cached by address),
  /// compiled on first use.
  util::Result<sqlite::Statement*> statement(const char* sql);

  class Ingest;  ///< the ingest transaction: holds m_mutex and a BEGIN IMMEDIATE
  util::Result<std::unique_ptr<IngestTransaction>> begin_ingest() override;

  // Helpers that run with m_mutex held.
  /// Runs one UPDATE in its own write transaction; returns the rows it changed.
  util::Result<std::int64_t> update_counted(const char* sql,
                                            const std::function<void(sqlite::Statement&)>& bind);
  util::Result<std::vector<DeliveryJob>> lease_jobs(const char* sql, const std::string& endpoint,
                                                    Epoch now, std::chrono::seconds lease,
                                                    std::optional<std::int64_t> limit);
  util::Status load_told_before(DeliveryJob& job);
  util::Result<Alert> load_alert(std::int64_t alert_id);
  util::Result<std::vector<StoredMatch>> load_matches(std::int64_t alert_id, std::int64_t own_item);
  util::Result<std::vector<Report>> load_reports(std::int64_t alert_id, std::int64_t own_item);
  util::Result<std::vector<DeliveryStatus>> load_delivery_statuses(std::int64_t alert_id);
  util::Result<std::vector<std::int64_t>> select_alert_ids(const AlertQuery& query);
  /// Releases the leases of these instances and deletes their rows; how many leases.
  util::Result<std::int64_t> retire_locked(const std::vector<std::string>& ids);
  util::Result<std::vector<std::string>> predecessors(const InstanceInfo& instance,
                                                      Epoch stale_before);
  util::Status insert_instance(const InstanceInfo& instance);

  sqlite::DatabaseLock m_lock;  // released only after the connection closed
  sqlite::Database m_database;  // declared before the statements: destroyed after them
  std::chrono::milliseconds m_busy_timeout;
  std::unordered_map<const char*, sqlite::Statement> m_statements;
  std::mutex m_mutex;
  /// The registered instance (register_instance): the holder of this store's leases.
  std::optional<InstanceInfo> m_instance_info;
  std::optional<std::string> m_instance;  ///< its id; nullopt: anonymous leases
};

}  // namespace newsmon::store
