// `newsmon webhook-echo --listen ADDR [--secret S]... [--max-requests N]`: a receiver for
// trying a set-up out. It checks each request's Standard Webhooks signature and timestamp
// the way a careful receiver would, answers 200 or 401, and prints what arrived.

#include <csignal>
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/alert/signing.h"
#include "daemon/app/command.h"
#include "daemon/util/clock.h"
#include "daemon/util/utf8.h"
#include "daemon/web/http_listener.h"

namespace newsmon::app {
namespace {

using web::HttpListener;
using web::HttpRequest;
using web::HttpResponse;
using web::parse_listen_address;

constexpr const char* k_name = "webhook-echo";

struct WebhookEchoOptions {
  std::string listen = "127.0.0.1:8787";
  std::vector<std::string> secrets;  ///< whsec_ values (or env:/file:); none = do not verify
  int max_requests = 0;              ///< exit after this many requests; 0 = run until stopped
};

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

int run_webhook_echo(const WebhookEchoOptions& options) {
  const auto where = parse_listen_address(options.listen);
  if (!where) {
    print_stderr(k_name, "--listen {}: give an address and a port, such as 127.0.0.1:8787",
                 options.listen);
    return k_usage_exit_code;
  }
  auto keys = alert::resolve_secrets(options.secrets);
  if (!keys) {
    print_stderr(k_name, "--secret: {}", keys.error().message);
    return k_usage_exit_code;
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
    print_stderr(k_name, opened.error().message);
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

}  // namespace

Command add_webhook_echo_command(CLI::App& cli) {
  auto options = std::make_shared<WebhookEchoOptions>();
  auto* command = cli.add_subcommand(
      k_name, "receive webhooks, verify their signatures and print their payloads");
  command->add_option("--listen", options->listen, "address:port to listen on")
      ->type_name("ADDRESS:PORT")
      ->capture_default_str();
  command->add_option("--secret", options->secrets, "whsec_ secret(s) to verify with")
      ->type_name("SECRET");
  command->add_option("--max-requests", options->max_requests, "exit after this many requests")
      ->type_name("N");
  return {command, [options] { return run_webhook_echo(*options); }};
}

}  // namespace newsmon::app
