#pragma once
// The web console as the daemon runs it: pages rendered on a worker thread (so a slow
// query never holds up the event loop), live alerts on the loop, one handler for the
// HTTP listener.

#include <filesystem>
#include <memory>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "daemon/web/config.h"
#include "daemon/web/console.h"
#include "daemon/web/live.h"

namespace newsmon::store {
class Store;
}

namespace newsmon::web {

class WebServer {
 public:
  /// The store and clock must outlive the server. Errors (a token or users file that
  /// cannot be read) name what to fix.
  static util::Result<std::unique_ptr<WebServer>> create(boost::asio::io_context& io,
                                                         store::Store& store,
                                                         const WebConfig& config,
                                                         const util::Clock& clock);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  /// Answers a request on the worker thread; the answer goes back on the loop.
  void serve(HttpRequest request, Responder respond);
  /// The rules the pages show and what silences may name (start and reload).
  void set_rules(RulesUpdate update);
  /// The daemon raised alerts: open pages hear of them now rather than at the next look.
  void alerts_raised();
  /// Ends the live streams and waits for pages being rendered. Call on the loop.
  void stop();

 private:
  WebServer(boost::asio::io_context& io, std::unique_ptr<ConsoleSource> source, Authenticator auth,
            const WebConfig& config, const util::Clock& clock);

  std::unique_ptr<ConsoleSource> m_source;
  Console m_console;
  LiveAlerts m_live;
  boost::asio::thread_pool m_workers{1};
};

}  // namespace newsmon::web
