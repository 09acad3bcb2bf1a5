#pragma once
// A small HTTP/1.1 server on the daemon's io_context, for the metrics and health
// endpoints and the webhook-echo receiver. One request per connection; bodies are
// capped; a slow or silent client is dropped after a timeout. Not a general web server.

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

namespace newsmon::app {

struct HttpRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// Parses "127.0.0.1:9464", "[::1]:9464" or "localhost:9464" into host and port.
util::Result<std::pair<std::string, std::uint16_t>> parse_listen_address(std::string_view text);

class HttpListener {
 public:
  /// Binds the address and starts accepting on the io_context. Handlers run on its thread.
  /// The error names the address and why it could not be bound.
  static util::Result<std::unique_ptr<HttpListener>> open(boost::asio::io_context& io,
                                                          std::string_view address,
                                                          HttpHandler handler);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  /// The port bound (useful when the address asked for port 0).
  std::uint16_t port() const;
  /// Stops accepting; connections being served finish.
  void close();

  class Impl;  ///< internal

 private:
  explicit HttpListener(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> m_impl;
};

}  // namespace newsmon::app
