// `newsmon webhook-echo --listen ADDR [--secret S]... [--max-requests N]`: a receiver for
// trying a set-up out. It checks each request's Standard Webhooks signature and timestamp
// the way a careful receiver would, answers 200 or 401, and prints what arrived.

#include <csignal>
#include <cstdio>

#include <fmt/format.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/alert/signing.h"
#include "daemon/app/commands.h"
#include "daemon/app/http_listener.h"
#include "daemon/util/clock.h"
#include "daemon/util/utf8.h"

namespace newsmon::app {
namespace {

// What to print of a body: pretty JSON when it is JSON, the text itself otherwise.
std::string printable_body(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_discarded()) {
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return util::repair_utf8(body);
}

class Receiver {
 public:
  explicit Receiver(std::vector<alert::SigningKey> keys) : m_keys(std::move(keys)) {}

  /// Prints one request and the verdict on it, and builds the answer.
  HttpResponse handle(const HttpRequest& request) const {
    bool accepted = false;
    const std::string said = verdict(request, accepted);
    fmt::print("--- {} {}  webhook-id: {}  webhook-timestamp: {}\n{}\n{}\n\n", request.method,
               request.target, request.header("webhook-id").value_or(""),
               request.header("webhook-timestamp").value_or(""), said,
               printable_body(request.body));
    std::fflush(stdout);
    const int status = accepted ? 200 : request.method == "POST" ? 401 : 405;
    return {status, "text/plain; charset=utf-8", said + "\n"};
  }

  std::size_t secrets() const { return m_keys.size(); }

 private:
  std::string verdict(const HttpRequest& request, bool& accepted) const {
    accepted = true;
    if (request.method != "POST") {
      accepted = false;
      return "refused: webhooks arrive as POST requests";
    }
    if (m_keys.empty()) return "signature not checked (no --secret given)";
    const auto now = util::to_epoch_seconds(util::SystemClock().now());
    const auto status =
        alert::verify_signature(m_keys, request.header("webhook-id").value_or(""),
                                request.header("webhook-timestamp").value_or(""), request.body,
                                request.header("webhook-signature").value_or(""), now);
    if (status) return "signature valid";
    accepted = false;
    return "signature INVALID: " + status.error().message;
  }

  std::vector<alert::SigningKey> m_keys;
};

}  // namespace

int command_webhook_echo(const WebhookEchoOptions& options) {
  const auto where = parse_listen_address(options.listen);
  if (!where) {
    fmt::print(stderr,
               "newsmon webhook-echo: --listen {}: give an address and a port, such as "
               "127.0.0.1:8787\n",
               options.listen);
    return 2;
  }
  auto keys = alert::resolve_secrets(options.secrets);
  if (!keys) {
    fmt::print(stderr, "newsmon webhook-echo: --secret: {}\n", keys.error().message);
    return 2;
  }
  const Receiver receiver(std::move(*keys));
  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  std::unique_ptr<HttpListener> listener;
  int handled = 0;
  auto opened = HttpListener::open(io, options.listen, [&](const HttpRequest& request) {
    auto response = receiver.handle(request);
    // After the last request: accept no more; the loop ends once the answer is written.
    if (options.max_requests > 0 && ++handled >= options.max_requests) {
      listener->close();
      signals.cancel();
    }
    return response;
  });
  if (!opened) {
    fmt::print(stderr, "newsmon webhook-echo: {}\n", opened.error().message);
    return 1;
  }
  listener = std::move(*opened);
  const std::string host =
      where->first.find(':') != std::string::npos ? "[" + where->first + "]" : where->first;
  fmt::print("newsmon webhook-echo: listening on http://{}:{}/ ({})\n", host, listener->port(),
             receiver.secrets() == 0
                 ? "signatures not checked: no --secret given"
                 : fmt::format("checking signatures with {} secret{}", receiver.secrets(),
                               receiver.secrets() == 1 ? "" : "s"));
  std::fflush(stdout);
  signals.async_wait([&](const boost::system::error_code& error, int) {
    if (!error) io.stop();
  });
  io.run();
  return 0;
}

}  // namespace newsmon::app
