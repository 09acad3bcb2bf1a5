#include "daemon/app/instance.h"

#include <unistd.h>

#include <optional>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/app/config.h"
#include "daemon/app/store_access.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/host.h"
#include "daemon/util/log.h"

namespace newsmon::app {
namespace asio = boost::asio;

std::string make_instance_id(const std::string& configured, const std::string& host, long pid) {
  if (!configured.empty()) return configured;
  std::random_device random;
  return fmt::format("{}:{}:{:06x}", host, pid, random() & 0xffffffu);
}

util::Result<std::unique_ptr<store::Store>> open_daemon_store(const Config& config) {
  return open_configured_store(config, store::Access::read_write, store::DatabaseClaim::exclusive);
}

class Instance::Impl : public std::enable_shared_from_this<Instance::Impl> {
 public:
  Impl(asio::io_context& io, store::Store& store, const util::Clock& clock, std::string id)
      : m_store(store), m_clock(clock), m_id(std::move(id)), m_timer(io) {}

  util::Status start();
  void stop();
  const std::string& id() const { return m_id; }

 private:
  store::Epoch now() const { return util::to_epoch_seconds(m_clock.now()); }
  void retire_dead_neighbours(const std::string& host);
  void arm();
  void beat();

  store::Store& m_store;
  const util::Clock& m_clock;
  std::string m_id;
  asio::steady_timer m_timer;
  bool m_stopped = false;
  std::optional<std::chrono::steady_clock::time_point> m_failing_since;
  util::LogThrottle m_trouble;
};

util::Status Instance::Impl::start() {
  store::InstanceInfo info;
  info.id = m_id;
  info.host = util::host_name();
  info.pid = static_cast<std::int64_t>(::getpid());
  info.started_at = now();
  info.heartbeat_at = info.started_at;
  if (auto status = m_store.register_instance(info, now() - k_heartbeat_stale.count()); !status) {
    return util::make_error("cannot register this daemon in the database: {}",
                            status.error().message);
  }
  retire_dead_neighbours(info.host);
  spdlog::info("instance {} registered in the database", m_id);
  arm();
  return {};
}

// Daemons on this host whose process is gone died without handing their leases back.
void Instance::Impl::retire_dead_neighbours(const std::string& host) {
  auto instances = m_store.instances(now());
  if (!instances) return;  // the leases then run out on their own
  std::vector<std::string> dead;
  for (const auto& other : *instances) {
    const auto& row = other.instance;
    if (row.id != m_id && row.host == host && !util::process_exists(row.pid)) {
      dead.push_back(row.id);
    }
  }
  if (dead.empty()) return;
  if (auto released = m_store.retire_instances(dead)) {
    spdlog::info("took back {} leases of {} daemons on this host that had died ({})", *released,
                 dead.size(), fmt::join(dead, ", "));
  }
}

void Instance::Impl::arm() {
  m_timer.expires_after(k_heartbeat_every);
  m_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    const auto self = weak.lock();
    if (!error && self && !self->m_stopped) self->beat();
  });
}

// A failure matters once the heartbeat goes stale: other daemons may then take this one's
// work. Before that the store's trouble (a full disk) is reported by the poller.
void Instance::Impl::beat() {
  const auto at = std::chrono::steady_clock::now();
  if (auto status = m_store.heartbeat(now()); status) {
    if (m_failing_since && m_trouble.clear()) {
      spdlog::info("this daemon's heartbeat is renewed in the database again");
    }
    m_failing_since.reset();
  } else {
    if (!m_failing_since) m_failing_since = at;
    if (at - *m_failing_since >= k_heartbeat_stale) {
      if (const auto held_back = m_trouble.admit()) {
        spdlog::warn(
            "this daemon's heartbeat could not be renewed in the database for {}s: {}; other "
            "daemons may take over its work ({} more such warnings held back)",
            std::chrono::duration_cast<std::chrono::seconds>(at - *m_failing_since).count(),
            status.error().message, *held_back);
      }
    }
  }
  arm();
}

void Instance::Impl::stop() {
  if (m_stopped) return;
  m_stopped = true;
  m_timer.cancel();
  if (auto status = m_store.unregister_instance(); !status) {
    spdlog::warn("cannot hand this daemon's leases back: {}; they run out on their own",
                 status.error().message);
  }
}

Instance::Instance(asio::io_context& io, store::Store& store, const util::Clock& clock,
                   const std::string& configured_name)
    : m_impl(std::make_shared<Impl>(
          io, store, clock,
          make_instance_id(configured_name, util::host_name(), static_cast<long>(::getpid())))) {}

Instance::~Instance() {
  stop();  // start-up failed half way, or stop() was never reached
}

util::Status Instance::start() {
  return m_impl->start();
}

void Instance::stop() {
  m_impl->stop();
}

const std::string& Instance::id() const {
  return m_impl->id();
}

}  // namespace newsmon::app
