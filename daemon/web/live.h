#pragma once
// New alerts pushed to open pages as server-sent events. While anyone listens, the store
// is asked every few seconds (and at once when the daemon says it raised alerts) for
// alerts newer than each listener has seen; each is sent as an `alert` event whose data
// is JSON. Asking the store, rather than being told by the ingest, also shows alerts
// that another process on the same database raised. Comments keep idle streams open
// through proxies and find clients that left.

#include <chrono>
#include <memory>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "daemon/web/http_listener.h"
#include "daemon/web/source.h"

namespace newsmon::util {
class Clock;
}

namespace newsmon::web {

/// One `alert` event as sent: "event: alert\nid: ID\ndata: {...}\n\n".
std::string alert_event(const AlertSummary& alert);

class LiveAlerts {
 public:
  /// Everything runs on the io_context's thread. The source must outlive this.
  LiveAlerts(boost::asio::io_context& io, ConsoleSource& source,
             std::chrono::milliseconds interval = std::chrono::seconds(2));
  ~LiveAlerts();
  LiveAlerts(const LiveAlerts&) = delete;
  LiveAlerts& operator=(const LiveAlerts&) = delete;

  /// Adds a listener that has seen the alerts up to `after` (0: none, only new ones).
  /// Call on the io_context's thread.
  void subscribe(std::shared_ptr<ResponseStream> stream, std::int64_t after);
  /// Looks for new alerts now. Thread-safe.
  void poke();
  /// Closes every stream and stops asking.
  void stop();
  std::size_t listeners() const { return m_listeners.size(); }

 private:
  struct Listener {
    std::shared_ptr<ResponseStream> stream;
    std::int64_t after = 0;
  };
  void arm();
  void check();

  boost::asio::io_context& m_io;
  ConsoleSource& m_source;
  std::chrono::milliseconds m_interval;
  boost::asio::steady_timer m_timer;
  std::vector<Listener> m_listeners;
  std::int64_t m_newest = -1;  ///< the newest alert id seen; -1 before the first look
  int m_ticks = 0;
  bool m_armed = false;
  bool m_stopped = false;
};

}  // namespace newsmon::web
