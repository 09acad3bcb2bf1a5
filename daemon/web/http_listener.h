#pragma once
// A small HTTP/1.1 server on the daemon's io_context, for the metrics and health
// endpoints, the web console and the webhook-echo receiver. One request per connection;
// bodies are capped; a slow or silent client is dropped after a timeout. An answer may
// be a stream (server-sent events) that stays open until either side ends it. Not a
// general web server: no keep-alive, no TLS (put a reverse proxy in front for that).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/util/result.h"

namespace boost::asio {
class io_context;
}

namespace newsmon::web {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string target;
  HeaderFields headers;  ///< names lower-cased
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
};

/// The open body of a streamed answer. Thread-safe: write() and close() may be called
/// from any thread; the bytes go out in order on the listener's loop.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  /// Queues bytes for the client; false once the stream is closed (the client left, a
  /// write failed, or close() was called): then nothing more is sent.
  virtual bool write(std::string data) = 0;
  /// Ends the answer after what is queued and closes the connection.
  virtual void close() = 0;
  virtual bool closed() const = 0;
};

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int status_code, std::string type, std::string text)
      : status(status_code), content_type(std::move(type)), body(std::move(text)) {}

  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  HeaderFields headers;  ///< sent besides Content-Type, Content-Length and Server
  /// When set, `body` is ignored: the header goes out without a length and `stream` is
  /// called (on the loop) with the open body, which stays open until it is closed or the
  /// client leaves; the client's timeout does not apply to it.
  std::function<void(std::shared_ptr<ResponseStream>)> stream;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
/// Hands the answer back; may be called once, from any thread.
using Responder = std::function<void(HttpResponse)>;
/// A handler that answers later, for work that should not run on the loop.
using AsyncHttpHandler = std::function<void(HttpRequest, Responder)>;

/// Parses "127.0.0.1:9464", "[::1]:9464" or "localhost:9464" into host and port.
util::Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text);

class HttpListener {
 public:
  /// Binds the address and starts accepting on the io_context. Handlers run on its thread.
  /// The error names the address and why it could not be bound.
  static util::Result<std::unique_ptr<HttpListener>> open(boost::asio::io_context& io,
                                                          std::string_view address,
                                                          HttpHandler handler);
  /// The same with a handler that may answer from another thread, later.
  static util::Result<std::unique_ptr<HttpListener>> open_async(boost::asio::io_context& io,
                                                                std::string_view address,
                                                                AsyncHttpHandler handler);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  /// The port bound (useful when the address asked for port 0).
  std::uint16_t port() const;
  /// Stops accepting; connections being served finish (streams stay open until their
  /// owner closes them).
  void close();

  class Impl;  ///< internal

 private:
  explicit HttpListener(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> m_impl;
};

}  // namespace newsmon::web
