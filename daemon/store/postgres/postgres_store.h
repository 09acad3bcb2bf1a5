#pragma once
// The PostgreSQL implementation of Store, for several daemons on one database. Private to
// store/; others call open_store() with a postgresql:// URL. Its methods are spread over
// postgres_store.cpp (connection, feeds), ingest.cpp (the primitives of an ingest
// transaction), outbox.cpp (deliveries), queries.cpp (reading back, counts) and
// silences.cpp; schema.cpp has the tables, the same as the SQLite backend's.
//
// Ingests run at READ COMMITTED and take one advisory lock for their transaction, so
// ingests of all processes on the database follow one another as SQLite's BEGIN IMMEDIATE
// makes them; the unique constraints hold besides. Deliveries are leased with
// SELECT ... FOR UPDATE SKIP LOCKED, so two processes never lease the same row.

#include <functional>
#include <mutex>

#include "daemon/store/ingest_transaction.h"
#include "daemon/store/postgres/connection.h"
#include "daemon/store/store.h"

namespace newsmon::store {

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(postgres::Connection connection) : m_connection(std::move(connection)) {}

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
  /// Several daemons share a PostgreSQL database: slots are taken in it.
  bool shares_host_slots() const override { return true; }
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

  /// PostgreSQL keeps its own write-ahead log: nothing to do.
  util::Status checkpoint() override { return {}; }
  /// PostgreSQL waits for row locks instead of failing busy: always 0.
  std::uint64_t busy_count() const override { return 0; }

 private:
  class Ingest;  ///< the ingest transaction: holds m_mutex, a transaction and the ingest lock
  util::Result<std::unique_ptr<IngestTransaction>> begin_ingest() override;

  // Helpers that run with m_mutex held.
  /// The feeds a WHERE clause of this file's own (never input) selects, by id; $1 is
  /// `parameter`.
  util::Result<std::vector<FeedState>> select_feeds(const char* where,
                                                    const std::string& parameter);
  /// Releases the leases of these instances and deletes their rows; how many leases.
  util::Result<std::int64_t> retire_locked(const std::vector<std::string>& ids);
  util::Status insert_instance(const InstanceInfo& instance);
  util::Result<std::vector<DeliveryJob>> lease_jobs(const char* sql, postgres::Params params,
                                                    const std::string& endpoint);
  util::Status load_told_before(DeliveryJob& job);
  util::Result<Alert> load_alert(std::int64_t alert_id);
  util::Result<std::vector<DeliveryStatus>> load_delivery_statuses(std::int64_t alert_id);
  util::Result<std::vector<std::int64_t>> select_alert_ids(const AlertQuery& query);

  postgres::Connection m_connection;
  std::mutex m_mutex;
  /// The registered instance (register_instance): the holder of this store's leases.
  std::optional<InstanceInfo> m_instance_info;
  std::optional<std::string> m_instance;  ///< its id; nullopt: anonymous leases
};

}  // namespace newsmon::store
