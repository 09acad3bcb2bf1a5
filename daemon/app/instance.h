#pragma once
// This daemon's place among the daemons that share its database: an instance row with
// its host, pid, start time and a heartbeat renewed from the event loop, in whose name
// feeds and deliveries are leased; handed back on a clean stop. At start it takes back
// the leases of its own earlier run (same configured name; or the same host and pid gone
// silent) and of instances on this host whose process is gone, so a daemon restarted
// after a crash does not wait for its old leases to run out.

#include <chrono>
#include <memory>
#include <string>

#include "daemon/util/result.h"

namespace boost::asio {
class io_context;
}
namespace newsmon::util {
class Clock;
}
namespace newsmon::store {
class Store;
}

namespace newsmon::app {

struct Config;

/// How often the heartbeat is renewed.
inline constexpr std::chrono::seconds k_heartbeat_every{5};
/// A heartbeat older than this says the daemon is gone (or stuck).
inline constexpr std::chrono::seconds k_heartbeat_stale{30};

/// `host:pid:random` (6 hex digits), or the configured name when there is one.
std::string make_instance_id(const std::string& configured, const std::string& host, long pid);

/// Opens the daemon's store as the configuration says, creating its folder, with the
/// claim that makes it the only daemon on a SQLite file.
util::Result<std::unique_ptr<store::Store>> open_daemon_store(const Config& config);

class Instance {
 public:
  /// The io_context, store and clock must outlive the instance.
  Instance(boost::asio::io_context& io, store::Store& store, const util::Clock& clock,
           const std::string& configured_name);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  /// Registers in the store (see above) and starts the heartbeat on `io`. An Error when
  /// the store refuses.
  util::Status start();
  /// Stops the heartbeat and unregisters: every lease this daemon holds is handed back.
  /// Call once its polls and deliveries are settled. Idempotent; the destructor calls it.
  void stop();

  const std::string& id() const;

 private:
  class Impl;
  std::shared_ptr<Impl> m_impl;
};

}  // namespace newsmon::app
