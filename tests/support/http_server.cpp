#include "tests/support/http_server.h"

#include <array>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>

#include "daemon/util/text.h"

namespace newsmon::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::uint64_t k_request_body_limit = 64u << 20;

Reply not_found(const RecordedRequest&) {
  Reply reply = Reply::ok("no such path on the test server\n");
  reply.status = 404;
  return reply;
}

std::string serialize(const Reply& reply, bool keep_alive) {
  http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
  for (const auto& [name, value] : reply.headers) response.insert(name, value);
  if (reply.gzip) {
    response.set(http::field::content_encoding, "gzip");
    response.body() = gzip_compress(reply.body);
  } else {
    response.body() = reply.body;
  }
  response.keep_alive(keep_alive);
  response.prepare_payload();
  std::ostringstream out;
  out << response;
  return out.str();
}

}  // namespace

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string RecordedRequest::path() const {
  return target.substr(0, target.find('?'));
}

Reply Reply::ok(std::string body, std::string content_type) {
  Reply reply;
  reply.body = std::move(body);
  reply.headers.emplace_back("Content-Type", std::move(content_type));
  return reply;
}

Reply Reply::status_only(int status) {
  Reply reply;
  reply.status = status;
  return reply;
}

Reply Reply::redirect(int status, std::string location) {
  Reply reply = status_only(status);
  reply.headers.emplace_back("Location", std::move(location));
  return reply;
}

Reply& Reply::header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

// Requests under way per Host header: from read until answered to the last byte, or until
// their connection ends.
struct UnderWayCounts {
  std::mutex mutex;
  std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> now_and_most;
};

class HttpServer::Impl {
 public:
  Impl() : m_acceptor(m_io) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    m_acceptor.open(endpoint.protocol());
    m_acceptor.set_option(asio::socket_base::reuse_address(true));
    m_acceptor.bind(endpoint);
    m_acceptor.listen();
    m_port = m_acceptor.local_endpoint().port();
    accept();
    m_thread = std::thread([this] { m_io.run(); });
  }

  // Pending handlers own the sessions: destroying the io_context after stop() destroys
  // them, which closes every socket, answered or not.
  void stop() {
    m_io.stop();
    if (m_thread.joinable()) m_thread.join();
  }

  Reply dispatch(RecordedRequest request) {
    Handler handler;
    {
      std::lock_guard lock(m_mutex);
      const auto route = m_routes.find(request.path());
      handler = route != m_routes.end() ? route->second : m_fallback;
      if (m_recording == Recording::on) m_requests.push_back(request);
    }
    // Called without the lock so a handler may use the server's accessors.
    return handler ? handler(request) : not_found(request);
  }

  asio::io_context m_io;
  tcp::acceptor m_acceptor;
  std::thread m_thread;
  std::uint16_t m_port = 0;

  mutable std::mutex m_mutex;
  std::map<std::string, Handler, std::less<>> m_routes;
  Handler m_fallback;
  std::vector<RecordedRequest> m_requests;
  std::size_t m_connections = 0;
  Recording m_recording = Recording::on;
  /// Shared with the sessions, which may outlive the rest when the server stops.
  std::shared_ptr<UnderWayCounts> m_under_way = std::make_shared<UnderWayCounts>();

 private:
  void accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : m_socket(std::move(socket)), m_timer(m_socket.get_executor()), m_server(server) {}

  void read() {
    m_parser.emplace();
    m_parser->body_limit(k_request_body_limit);
    http::async_read(m_socket, m_buffer, *m_parser,
                     [self = shared_from_this()](error_code error, std::size_t) {
                       if (!error) self->on_request();
                     });
  }

 private:
  void on_request() {
    auto message = m_parser->release();
    RecordedRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      request.headers.emplace_back(util::to_lower_ascii(field.name_string()),
                                   std::string(field.value()));
    }
    request.body = std::move(message.body());
    m_keep_alive = message.keep_alive();
    m_under_way.emplace(m_server.m_under_way, request.header("host").value_or(""));
    m_reply = m_server.dispatch(std::move(request));
    switch (m_reply.behaviour) {
      case Behaviour::answer:
      case Behaviour::raw: return answer_after_delay();
      case Behaviour::never_answer: return hold_open();
      case Behaviour::close_without_answer: return close();
      case Behaviour::reset_without_answer: return reset();
    }
  }

  void answer_after_delay() {
    if (m_reply.behaviour == Behaviour::raw) {
      m_out = m_reply.body;
      m_keep_alive = false;
    } else {
      m_out = serialize(m_reply, m_keep_alive);
    }
    if (m_reply.reset_after_bytes > 0) {
      m_out.resize(std::min(m_out.size(), m_reply.reset_after_bytes));
    }
    m_sent = 0;
    m_timer.expires_after(m_reply.delay);
    m_timer.async_wait([self = shared_from_this()](error_code error) {
      if (!error) self->send_piece();
    });
  }

  void send_piece() {
    const std::size_t remaining = m_out.size() - m_sent;
    const std::size_t piece =
        m_reply.trickle_bytes > 0 ? std::min(m_reply.trickle_bytes, remaining) : remaining;
    asio::async_write(m_socket, asio::buffer(m_out.data() + m_sent, piece),
                      [self = shared_from_this()](error_code error, std::size_t written) {
                        if (!error) self->on_written(written);
                      });
  }

  void on_written(std::size_t written) {
    m_sent += written;
    if (m_sent < m_out.size()) {
      m_timer.expires_after(m_reply.trickle_interval);
      m_timer.async_wait([self = shared_from_this()](error_code error) {
        if (!error) self->send_piece();
      });
      return;
    }
    m_under_way.reset();
    if (m_reply.reset_after_bytes > 0) return reset();
    if (m_keep_alive) return read();
    error_code ignored;
    m_socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Reads until the client gives up; the pending read keeps the connection alive.
  void hold_open() {
    m_socket.async_read_some(asio::buffer(m_discard),
                             [self = shared_from_this()](error_code error, std::size_t) {
                               if (!error) self->hold_open();
                             });
  }

  void close() {
    error_code ignored;
    m_socket.close(ignored);
  }

  // Closing with a zero linger time sends a TCP reset instead of a FIN.
  void reset() {
    error_code ignored;
    m_socket.set_option(asio::socket_base::linger(true, 0), ignored);
    m_socket.close(ignored);
  }

  // A request counted as under way at its host while it lives.
  class UnderWay {
   public:
    UnderWay(std::shared_ptr<UnderWayCounts> counts, std::string host)
        : m_counts(std::move(counts)), m_host(std::move(host)) {
      std::lock_guard lock(m_counts->mutex);
      auto& [now, most] = m_counts->now_and_most[m_host];
      most = std::max(most, ++now);
    }
    ~UnderWay() {
      std::lock_guard lock(m_counts->mutex);
      --m_counts->now_and_most[m_host].first;
    }
    UnderWay(const UnderWay&) = delete;
    UnderWay& operator=(const UnderWay&) = delete;

   private:
    std::shared_ptr<UnderWayCounts> m_counts;
    std::string m_host;
  };

  std::optional<UnderWay> m_under_way;  // declared before the socket: ends after it closes
  tcp::socket m_socket;
  asio::steady_timer m_timer;
  HttpServer::Impl& m_server;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
  bool m_keep_alive = false;
  Reply m_reply;
  std::string m_out;
  std::size_t m_sent = 0;
  std::array<char, 512> m_discard{};
};

}  // namespace

void HttpServer::Impl::accept() {
  m_acceptor.async_accept([this](error_code error, tcp::socket socket) {
    if (error) return;
    {
      std::lock_guard lock(m_mutex);
      ++m_connections;
    }
    std::make_shared<Session>(std::move(socket), *this)->read();
    accept();
  });
}

HttpServer::HttpServer() : m_impl(std::make_unique<Impl>()) {}

HttpServer::~HttpServer() {
  m_impl->stop();
}

std::uint16_t HttpServer::port() const {
  return m_impl->m_port;
}

std::string HttpServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

void HttpServer::set(std::string path, Reply reply) {
  set(std::move(path),
      Handler([reply = std::move(reply)](const RecordedRequest&) { return reply; }));
}

void HttpServer::set(std::string path, Handler handler) {
  std::lock_guard lock(m_impl->m_mutex);
  m_impl->m_routes[std::move(path)] = std::move(handler);
}

void HttpServer::set_fallback(Handler handler) {
  std::lock_guard lock(m_impl->m_mutex);
  m_impl->m_fallback = std::move(handler);
}

std::vector<RecordedRequest> HttpServer::requests() const {
  std::lock_guard lock(m_impl->m_mutex);
  return m_impl->m_requests;
}

std::vector<RecordedRequest> HttpServer::requests(std::string_view path) const {
  std::vector<RecordedRequest> matching;
  for (auto& request : requests()) {
    if (request.path() == path) matching.push_back(std::move(request));
  }
  return matching;
}

std::size_t HttpServer::request_count() const {
  std::lock_guard lock(m_impl->m_mutex);
  return m_impl->m_requests.size();
}

std::size_t HttpServer::request_count(std::string_view path) const {
  return requests(path).size();
}

std::size_t HttpServer::max_under_way(std::string_view host) const {
  auto& counts = *m_impl->m_under_way;
  std::lock_guard lock(counts.mutex);
  const auto found = counts.now_and_most.find(host);
  return found == counts.now_and_most.end() ? 0 : found->second.second;
}

void HttpServer::clear_requests() {
  std::lock_guard lock(m_impl->m_mutex);
  m_impl->m_requests.clear();
}

std::size_t HttpServer::connection_count() const {
  std::lock_guard lock(m_impl->m_mutex);
  return m_impl->m_connections;
}

void HttpServer::set_recording(Recording recording) {
  std::lock_guard lock(m_impl->m_mutex);
  m_impl->m_recording = recording;
}

std::string gzip_compress(std::string_view data) {
  beast::zlib::deflate_stream deflate;
  // Beast's deflate writes raw DEFLATE; the gzip member header and trailer go around it.
  deflate.reset(6, 15, 8, beast::zlib::Strategy::normal);
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  const std::size_t header_size = out.size();
  out.resize(header_size + deflate.upper_bound(data.size()) + 64);
  beast::zlib::z_params params;
  params.next_in = data.data();
  params.avail_in = data.size();
  params.next_out = out.data() + header_size;
  params.avail_out = out.size() - header_size;
  error_code error;
  deflate.write(params, beast::zlib::Flush::finish, error);
  if (error && error != beast::zlib::error::end_of_stream) {
    throw std::runtime_error("gzip_compress: " + error.message());
  }
  out.resize(header_size + params.total_out);
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  const auto append_le32 = [&out](std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) {
      out.push_back(static_cast<char>((value >> shift) & 0xff));
    }
  };
  append_le32(crc.checksum());
  append_le32(static_cast<std::uint32_t>(data.size()));
  return out;
}

}  // namespace newsmon::test
