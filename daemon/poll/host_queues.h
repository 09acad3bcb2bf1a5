#pragma once
// Politeness towards the sites polled: at most `per_host` polls to one host at a time and
// `max_in_flight` in all. Feeds wait in a queue per host, and hosts take turns, so one host
// with many feeds cannot hold every slot. Bookkeeping only: it starts nothing itself.
// Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace newsmon::poll {

class HostQueues {
 public:
  /// max_in_flight and per_host are at least 1.
  HostQueues(std::size_t max_in_flight, long per_host);

  /// Queues a feed behind the others of its host.
  void push(std::int64_t feed_id, const std::string& host);

  struct Slot {
    std::int64_t feed_id = 0;
    std::string host;
  };
  /// The next feed that may start now, taken off its queue and counted in flight for its
  /// host; nullopt when nothing waits or every slot it could use is taken. A slot taken and
  /// not used must be given back with finished().
  std::optional<Slot> next();

  /// A poll to this host ended: its slot is free.
  void finished(const std::string& host);

  /// Gives back a slot next() returned whose poll cannot start yet (the host is busy with
  /// other daemons' polls): the feed goes back to the head of its host's queue, and the host
  /// takes no turn until resume().
  void hold(const Slot& slot);
  /// The host held by hold() takes turns again.
  void resume(const std::string& host);

  /// Empties every queue and returns the feeds that were waiting, host by host. Polls in
  /// flight stay counted until finished().
  std::vector<std::int64_t> clear();

  std::size_t in_flight() const { return m_in_flight; }
  std::size_t queued() const { return m_queued; }

 private:
  struct Queue {
    std::deque<std::int64_t> waiting;
    long in_flight = 0;
    bool ready = false;  ///< listed in m_ready
    bool held = false;   ///< waits for resume()
  };
  /// Lists the host among those whose turn may come, when it has a feed and a free slot.
  void make_ready(const std::string& host, Queue& queue);

  std::size_t m_max_in_flight;
  long m_per_host;
  std::unordered_map<std::string, Queue> m_hosts;
  std::deque<std::string> m_ready;  ///< hosts in turn order
  std::size_t m_in_flight = 0;
  std::size_t m_queued = 0;
};

}  // namespace newsmon::poll
