#pragma once
// The alerter's transport over the application's HTTP client: webhook POSTs share the
// io_context, the connection pool and the user agent of feed polling, and follow no
// redirects.

#include "daemon/alert/transport.h"

namespace newsmon::fetch {
class HttpClient;
}

namespace newsmon::app {

class FetchTransport final : public alert::Transport {
 public:
  /// The client must outlive the transport; both are used on the client's io_context.
  explicit FetchTransport(fetch::HttpClient& client) : m_client(client) {}

  void post(alert::WebhookRequest request, Callback callback) override;
  /// Cancels every transfer of the client, feed polls included: only for shutdown.
  void cancel_all() override;

 private:
  fetch::HttpClient& m_client;
};

}  // namespace newsmon::app
