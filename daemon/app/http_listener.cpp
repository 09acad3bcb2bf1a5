#include "daemon/app/http_listener.h"

#include <charconv>

#include <fmt/format.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "daemon/util/text.h"

namespace newsmon::app {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint64_t k_body_limit = 4u << 20;
constexpr auto k_client_timeout = std::chrono::seconds(10);

// One connection: read one request, answer it, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpHandler& handler)
      : m_stream(std::move(socket)), m_handler(handler) {
    m_parser.body_limit(k_body_limit);
  }

  void start() {
    m_stream.expires_after(k_client_timeout);
    http::async_read(m_stream, m_buffer, m_parser,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       self->on_read(error);
                     });
  }

 private:
  void on_read(beast::error_code error) {
    if (error) {
      if (error == http::error::body_limit) respond({413, "text/plain", "request too large\n"});
      return;
    }
    const auto& message = m_parser.get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      request.headers.emplace_back(util::to_lower_ascii(field.name_string()),
                                   std::string(field.value()));
    }
    request.body = message.body();
    respond(m_handler(request));
  }

  void respond(const HttpResponse& answer) {
    m_response.result(static_cast<http::status>(answer.status));
    m_response.version(11);
    m_response.set(http::field::content_type, answer.content_type);
    m_response.set(http::field::server, "newsmon");
    m_response.keep_alive(false);
    m_response.body() = answer.body;
    m_response.prepare_payload();
    http::async_write(m_stream, m_response,
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  beast::tcp_stream m_stream;
  beast::flat_buffer m_buffer;
  http::request_parser<http::string_body> m_parser;
  http::response<http::string_body> m_response;
  HttpHandler& m_handler;
};

}  // namespace

class HttpListener::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, HttpHandler handler) : m_acceptor(io), m_handler(std::move(handler)) {}

  util::Status bind(const tcp::endpoint& endpoint) {
    beast::error_code error;
    m_acceptor.open(endpoint.protocol(), error);
    if (!error) m_acceptor.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) m_acceptor.bind(endpoint, error);
    if (!error) m_acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) return util::make_error("{}", error.message());
    return {};
  }

  void accept() {
    m_acceptor.async_accept(
        [self = shared_from_this()](beast::error_code error, tcp::socket socket) {
          if (error == asio::error::operation_aborted || !self->m_acceptor.is_open()) return;
          if (!error) std::make_shared<Session>(std::move(socket), self->m_handler)->start();
          self->accept();
        });
  }

  std::uint16_t port() const {
    beast::error_code error;
    const auto endpoint = m_acceptor.local_endpoint(error);
    return error ? 0 : endpoint.port();
  }

  void close() {
    beast::error_code ignored;
    m_acceptor.close(ignored);
  }

 private:
  tcp::acceptor m_acceptor;
  HttpHandler m_handler;
};

std::optional<std::string> HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

util::Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) {
      return util::make_error("'{}' is not an address:port such as [::1]:9464", text);
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return util::make_error("'{}' is not an address:port such as 127.0.0.1:9464", text);
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (error != std::errc() || end != port.data() + port.size() || value > 65535) {
    return util::make_error("'{}' has no valid port number (0 to 65535)", text);
  }
  return std::pair{std::string(host.empty() ? "0.0.0.0" : host), static_cast<std::uint16_t>(value)};
}

util::Result<std::unique_ptr<HttpListener>> HttpListener::open(asio::io_context& io,
                                                               std::string_view address,
                                                               HttpHandler handler) {
  auto parsed = parse_listen_address(address);
  if (!parsed) return parsed.error();
  beast::error_code error;
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(parsed->first, std::to_string(parsed->second),
                                        tcp::resolver::passive, error);
  if (error || results.empty()) {
    return util::make_error("cannot listen on {}: {}", address,
                            error ? error.message() : "the host name resolves to nothing");
  }
  auto impl = std::make_shared<Impl>(io, std::move(handler));
  if (auto status = impl->bind(results.begin()->endpoint()); !status) {
    return util::make_error("cannot listen on {}: {}", address, status.error().message);
  }
  impl->accept();
  return std::unique_ptr<HttpListener>(new HttpListener(std::move(impl)));
}

HttpListener::HttpListener(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

HttpListener::~HttpListener() {
  close();
}

std::uint16_t HttpListener::port() const {
  return m_impl->port();
}

void HttpListener::close() {
  m_impl->close();
}

}  // namespace newsmon::app
