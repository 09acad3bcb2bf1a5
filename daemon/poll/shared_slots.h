#pragma once
// Politeness across daemons: before a poll to a host starts, one of the host's `per_host`
// slots is taken in the store (store::Store::take_host_slot), and it is given back when
// the poll ends. HostQueues still counts this daemon's own polls; these slots make the
// limit hold for every daemon sharing the store. A store one daemon owns (SQLite) needs no
// slots: then every poll may start and the store is never asked.
//
// When the store fails, polls start on the daemon's own count (logged once, and once when
// the store answers again), and the store is asked again at most every 5 seconds, so an
// unreachable database does not make every poll wait for its error: politeness per
// daemon beats not polling.
//
// Not thread-safe: the poller uses it on its io_context's thread.

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>

#include "daemon/store/store.h"

namespace newsmon::poll {

class SharedHostSlots {
 public:
  /// The store must outlive this object. per_host is at least 1.
  SharedHostSlots(store::Store& store, long per_host, std::chrono::seconds lease);

  struct Grant {
    bool may_start = true;    ///< false: every slot of the host is held; wait (retry_delay)
    std::optional<int> slot;  ///< the slot taken, to give back; nullopt when none was
  };
  /// Takes a slot for one poll to this host.
  Grant take(const std::string& host, store::Epoch now);
  /// The poll ended: gives its slot back (nothing when it took none).
  void give_back(const std::string& host, std::optional<int> slot);
  /// How long a host found full waits before it is asked for again: 100 ms, growing to
  /// 1 s while it stays full, so a busy host costs the store a few statements a second.
  std::chrono::milliseconds retry_delay(const std::string& host) const;

 private:
  void trouble(std::string_view doing, const util::Error& error);

  store::Store& m_store;
  int m_per_host;
  std::chrono::seconds m_lease;
  bool m_shared;
  bool m_failing = false;  ///< the store failed: polls start on this daemon's count
  std::chrono::steady_clock::time_point m_retry_store_at;  ///< when failing: ask again then
  std::unordered_map<std::string, int> m_full_times;       ///< consecutive times found full
};

/// How long a host slot is held for polls with this timeout: the timeout and 30 s more,
/// so it runs out only when the daemon holding it is gone.
std::chrono::seconds host_slot_lease(std::chrono::milliseconds timeout);

}  // namespace newsmon::poll
