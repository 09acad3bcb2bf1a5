#include "daemon/web/server.h"

#include <boost/asio/post.hpp>

#include "daemon/web/store_source.h"

namespace newsmon::web {

util::Result<std::unique_ptr<WebServer>> WebServer::create(boost::asio::io_context& io,
                                                           store::Store& store,
                                                           const WebConfig& config,
                                                           const util::Clock& clock) {
  auto auth = Authenticator::load(config.auth);
  if (!auth) return auth.error();
  return std::unique_ptr<WebServer>(
      new WebServer(io, make_store_source(store), std::move(*auth), config, clock));
}

WebServer::WebServer(boost::asio::io_context& io, std::unique_ptr<ConsoleSource> source,
                     Authenticator auth, const WebConfig& config, const util::Clock& clock)
    : m_source(std::move(source)),
      m_console(*m_source, std::move(auth), config.session, clock),
      m_live(io, *m_source) {
  m_console.set_live([this](std::shared_ptr<ResponseStream> stream, std::int64_t after) {
    m_live.subscribe(std::move(stream), after);
  });
}

WebServer::~WebServer() {
  m_workers.join();
}

void WebServer::serve(HttpRequest request, Responder respond) {
  boost::asio::post(m_workers, [this, request = std::move(request), respond = std::move(respond)] {
    respond(m_console.handle(request));
  });
}

void WebServer::set_rules(RulesUpdate update) {
  // Running the rules' tests takes a moment: not on the loop.
  boost::asio::post(m_workers, [this, update = std::move(update)]() mutable {
    m_console.set_rules(std::move(update));
  });
}

void WebServer::alerts_raised() {
  m_live.poke();
}

void WebServer::stop() {
  m_live.stop();
  m_workers.join();
}

}  // namespace newsmon::web
