// `newsmon webhook-echo --listen ADDR [--secret S]... [--max-requests N]`: a receiver for
// trying a set-up out. It checks each request's Standard Webhooks signature and timestamp
// the way a careful receiver would, answers 200 or 401, and prints what arrived.

#include <csignal>
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/alert/signing.h"
#include "daemon/app/commands.h"
#include "daemon/util/clock.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint64_t k_max_body = 1 << 20;

struct Listen {
  asio::ip::address address;
  unsigned short port = 0;
};

util::Result<Listen> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return util::make_error("--listen {}: give an address and a port, such as 127.0.0.1:8787",
                            text);
  }
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code error;
  const auto address = asio::ip::make_address(host, error);
  const std::string port_text(text.substr(colon + 1));
  const bool numeric = !port_text.empty() && port_text.size() <= 5 &&
                       port_text.find_first_not_of("0123456789") == std::string::npos;
  if (error || !numeric || std::stoul(port_text) > 65535) {
    return util::make_error("--listen {}: not an IP address and port, such as 127.0.0.1:8787",
                            text);
  }
  return Listen{address, static_cast<unsigned short>(std::stoul(port_text))};
}

std::string header(const http::request<http::string_body>& request, std::string_view name) {
  const auto found = request.find(beast::string_view(name.data(), name.size()));
  return found == request.end() ? std::string() : std::string(found->value());
}

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
  Receiver(asio::io_context& io, std::vector<alert::SigningKey> keys, int max_requests)
      : m_io(io), m_acceptor(io), m_keys(std::move(keys)), m_max_requests(max_requests) {}

  util::Status listen(const Listen& where);
  void accept();
  /// Prints one request and the verdict on it, and builds the answer.
  http::response<http::string_body> handle(const http::request<http::string_body>& request);
  bool done() const { return m_max_requests > 0 && m_handled >= m_max_requests; }
  void stop() { m_io.stop(); }

 private:
  std::string verdict(const http::request<http::string_body>& request, bool& accepted) const;

  asio::io_context& m_io;
  tcp::acceptor m_acceptor;
  std::vector<alert::SigningKey> m_keys;
  int m_max_requests = 0;
  int m_handled = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Receiver& receiver)
      : m_socket(std::move(socket)), m_receiver(receiver) {}

  void read() {
    m_parser.emplace();
    m_parser->body_limit(k_max_body);
    http::async_read(m_socket, m_buffer, *m_parser,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       if (!error) self->respond();
                     });
  }

 private:
  void respond() {
    const auto request = m_parser->release();
    m_response = m_receiver.handle(request);
    m_response.keep_alive(request.keep_alive());
    m_response.prepare_payload();
    http::async_write(m_socket, m_response,
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                        if (self->m_receiver.done()) return self->m_receiver.stop();
                        if (!error && self->m_response.keep_alive()) self->read();
                      });
  }

  tcp::socket m_socket;
  Receiver& m_receiver;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
  http::response<http::string_body> m_response;
};

util::Status Receiver::listen(const Listen& where) {
  boost::system::error_code error;
  const tcp::endpoint endpoint(where.address, where.port);
  m_acceptor.open(endpoint.protocol(), error);
  if (!error) m_acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) m_acceptor.bind(endpoint, error);
  if (!error) m_acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) return util::make_error("cannot listen there: {}", error.message());
  const auto bound = m_acceptor.local_endpoint();
  const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                   : bound.address().to_string();
  fmt::print("newsmon webhook-echo: listening on http://{}:{}/ ({})\n", host, bound.port(),
             m_keys.empty() ? "signatures not checked: no --secret given"
                            : fmt::format("checking signatures with {} secret{}", m_keys.size(),
                                          m_keys.size() == 1 ? "" : "s"));
  std::fflush(stdout);
  return {};
}

void Receiver::accept() {
  m_acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
    if (error) return;
    std::make_shared<Session>(std::move(socket), *this)->read();
    accept();
  });
}

std::string Receiver::verdict(const http::request<http::string_body>& request,
                              bool& accepted) const {
  accepted = true;
  if (request.method() != http::verb::post) {
    accepted = false;
    return "refused: webhooks arrive as POST requests";
  }
  if (m_keys.empty()) return "signature not checked (no --secret given)";
  const auto now = util::to_epoch_seconds(util::SystemClock().now());
  const auto status = alert::verify_signature(m_keys, header(request, "webhook-id"),
                                              header(request, "webhook-timestamp"), request.body(),
                                              header(request, "webhook-signature"), now);
  if (status) return "signature valid";
  accepted = false;
  return "signature INVALID: " + status.error().message;
}

http::response<http::string_body> Receiver::handle(
    const http::request<http::string_body>& request) {
  ++m_handled;
  bool accepted = false;
  const std::string said = verdict(request, accepted);
  fmt::print("--- {} {}  webhook-id: {}  webhook-timestamp: {}\n{}\n{}\n\n",
             std::string(request.method_string()), std::string(request.target()),
             header(request, "webhook-id"), header(request, "webhook-timestamp"), said,
             printable_body(request.body()));
  std::fflush(stdout);
  http::response<http::string_body> response;
  response.version(request.version());
  response.result(accepted                               ? http::status::ok
                  : request.method() == http::verb::post ? http::status::unauthorized
                                                         : http::status::method_not_allowed);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = said + "\n";
  return response;
}

}  // namespace

int command_webhook_echo(const WebhookEchoOptions& options) {
  const auto where = parse_listen(options.listen);
  if (!where) {
    fmt::print(stderr, "newsmon webhook-echo: {}\n", where.error().message);
    return 2;
  }
  auto keys = alert::resolve_secrets(options.secrets);
  if (!keys) {
    fmt::print(stderr, "newsmon webhook-echo: --secret: {}\n", keys.error().message);
    return 2;
  }
  asio::io_context io;
  Receiver receiver(io, std::move(*keys), options.max_requests);
  if (auto listening = receiver.listen(*where); !listening) {
    fmt::print(stderr, "newsmon webhook-echo: {}: {}\n", options.listen, listening.error().message);
    return 1;
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  receiver.accept();
  io.run();
  return 0;
}

}  // namespace newsmon::app
