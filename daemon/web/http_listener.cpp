#include "daemon/web/http_listener.h"

#include <atomic>
#include <charconv>
#include <deque>

#include <fmt/format.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "daemon/util/text.h"

namespace newsmon::web {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint64_t k_body_limit = 4u << 20;
constexpr auto k_client_timeout = std::chrono::seconds(10);

HttpRequest to_request(const http::request<http::string_body>& message) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    request.headers.emplace_back(util::to_lower_ascii(field.name_string()),
                                 std::string(field.value()));
  }
  request.body = message.body();
  return request;
}

template <typename Message>
void set_header(Message& message, const HttpResponse& answer) {
  message.result(static_cast<http::status>(answer.status));
  message.version(11);
  message.set(http::field::content_type, answer.content_type);
  message.set(http::field::server, "newsmon");
  for (const auto& [name, value] : answer.headers) message.set(name, value);
  message.keep_alive(false);
}

// One connection: read one request, answer it (at once, later, or as a stream), close.
class Session : public ResponseStream, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const AsyncHttpHandler> handler)
      : m_stream(std::move(socket)), m_handler(std::move(handler)) {
    m_parser.body_limit(k_body_limit);
  }

  void start() {
    m_stream.expires_after(k_client_timeout);
    http::async_read(m_stream, m_buffer, m_parser,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       self->on_read(error);
                     });
  }

  bool write(std::string data) override {
    if (m_closed) return false;
    asio::post(m_stream.get_executor(), [self = shared_from_this(), data = std::move(data)]() {
      if (self->m_closed) return;
      self->m_queue.push_back(std::move(data));
      if (self->m_queue.size() == 1) self->write_next();
    });
    return true;
  }

  void close() override {
    asio::post(m_stream.get_executor(), [self = shared_from_this()] {
      self->m_closing = true;
      if (self->m_queue.empty()) self->shut();
    });
  }

  bool closed() const override { return m_closed; }

 private:
  void on_read(beast::error_code error) {
    if (error) {
      if (error == http::error::body_limit) {
        respond(HttpResponse(413, "text/plain", "request too large\n"));
      }
      return;
    }
    auto executor = m_stream.get_executor();
    (*m_handler)(to_request(m_parser.get()),
                 [self = shared_from_this(), executor](HttpResponse answer) {
                   asio::post(executor, [self, answer = std::move(answer)]() mutable {
                     self->respond(std::move(answer));
                   });
                 });
  }

  void respond(HttpResponse answer) {
    if (answer.stream) return open_stream(std::move(answer));
    set_header(m_response, answer);
    m_response.body() = std::move(answer.body);
    m_response.prepare_payload();
    http::async_write(
        m_stream, m_response,
        [self = shared_from_this()](beast::error_code, std::size_t) { self->shut(); });
  }

  void open_stream(HttpResponse answer) {
    set_header(m_stream_header, answer);
    m_stream_header.set(http::field::cache_control, "no-store");
    m_stream.expires_never();
    m_serializer.emplace(m_stream_header);
    http::async_write_header(m_stream, *m_serializer,
                             [self = shared_from_this(), begin = std::move(answer.stream)](
                                 beast::error_code error, std::size_t) {
                               if (error) return self->shut();
                               self->watch_for_hang_up();
                               begin(self);
                             });
  }

  // A streamed answer's client sends nothing more: a completed read means it left.
  void watch_for_hang_up() {
    m_stream.socket().async_wait(tcp::socket::wait_read,
                                 [self = shared_from_this()](beast::error_code) { self->shut(); });
  }

  void write_next() {
    asio::async_write(m_stream.socket(), asio::buffer(m_queue.front()),
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                        if (error) return self->shut();
                        self->m_queue.pop_front();
                        if (!self->m_queue.empty()) return self->write_next();
                        if (self->m_closing) self->shut();
                      });
  }

  void shut() {
    if (m_closed.exchange(true)) return;
    m_queue.clear();
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.socket().close(ignored);
  }

  beast::tcp_stream m_stream;
  beast::flat_buffer m_buffer;
  http::request_parser<http::string_body> m_parser;
  http::response<http::string_body> m_response;
  http::response<http::empty_body> m_stream_header;
  std::optional<http::response_serializer<http::empty_body>> m_serializer;
  std::shared_ptr<const AsyncHttpHandler> m_handler;  // shared: it may outlive the listener
  std::deque<std::string> m_queue;                    // streamed bytes waiting to be written
  std::atomic<bool> m_closed{false};
  bool m_closing = false;
};

}  // namespace

class HttpListener::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, AsyncHttpHandler handler)
      : m_acceptor(io), m_handler(std::make_shared<const AsyncHttpHandler>(std::move(handler))) {}

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
  std::shared_ptr<const AsyncHttpHandler> m_handler;
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
  return open_async(io, address,
                    [handler = std::move(handler)](HttpRequest request, Responder respond) {
                      respond(handler(request));
                    });
}

util::Result<std::unique_ptr<HttpListener>> HttpListener::open_async(asio::io_context& io,
                                                                     std::string_view address,
                                                                     AsyncHttpHandler handler) {
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

}  // namespace newsmon::web
