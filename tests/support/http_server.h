#pragma once
// A local HTTP/1.1 server for tests (Boost.Beast), listening on 127.0.0.1 on a port the
// system picks. Each path is programmed with a canned reply or a handler; every request
// is recorded so a test can assert on what a client sent.
//
// The server runs on its own thread from construction to destruction. Every public
// method is thread-safe. Handlers run on the server's thread, one at a time.
//
//   HttpServer server;
//   server.set("/feed.xml", Reply::ok(feed_xml, "application/rss+xml"));
//   server.set("/hook", [](const RecordedRequest& request) { return Reply::status(204); });
//   fetch(server.url("/feed.xml"));
//   CHECK(server.requests("/hook").at(0).header("webhook-id") == "msg_1");

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsmon::test {

/// A request as the server received it.
struct RecordedRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< path and query, as sent ("/feed.xml?page=2")
  /// Header names lower-cased, values byte for byte as sent, in the order sent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// The first value of a header (name in lower case), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
  /// The target without its query string.
  std::string path() const;
};

/// What the server does with a connection once the request is read.
enum class Behaviour {
  answer,                ///< send the reply (after `delay`, trickled if asked)
  never_answer,          ///< keep the connection open and send nothing until the server stops
  close_without_answer,  ///< close the connection without sending a byte
  reset_without_answer,  ///< reset the connection (RST) without sending a byte
  raw,                   ///< send `body` as the whole response, byte for byte, then close
};

struct Reply {
  int status = 200;
  /// Sent as given, after the server's own Content-Length (and Content-Encoding for gzip).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool gzip = false;                   ///< send the body gzip-compressed with Content-Encoding
  std::chrono::milliseconds delay{0};  ///< wait this long before sending anything
  std::size_t trickle_bytes = 0;       ///< > 0: send the response this many bytes at a time ...
  std::chrono::milliseconds trickle_interval{0};  ///< ... this far apart
  /// > 0: send only this many bytes of the response, then reset the connection (RST).
  std::size_t reset_after_bytes = 0;
  Behaviour behaviour = Behaviour::answer;

  /// 200 with a body and a Content-Type.
  static Reply ok(std::string body, std::string content_type = "text/plain");
  /// A status with an empty body.
  static Reply status_only(int status);
  /// A redirect: the status (301, 302, 303, 307, 308) with a Location header.
  static Reply redirect(int status, std::string location);

  Reply& header(std::string name, std::string value);
};

using Handler = std::function<Reply(const RecordedRequest&)>;

enum class Recording { on, off };

class HttpServer {
 public:
  /// Binds 127.0.0.1:0 and starts serving. Throws std::runtime_error if it cannot bind.
  HttpServer();
  /// Stops accepting, closes every connection (also the never-answered ones), joins.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  /// "http://127.0.0.1:PORT" followed by the path.
  std::string url(std::string_view path) const;

  /// Serves a path (the target without its query) with a canned reply or a handler,
  /// replacing what was set before. Unset paths get the fallback, by default a 404.
  void set(std::string path, Reply reply);
  void set(std::string path, Handler handler);
  void set_fallback(Handler handler);

  /// Every request received so far, in arrival order; or those for one path.
  std::vector<RecordedRequest> requests() const;
  std::vector<RecordedRequest> requests(std::string_view path) const;
  std::size_t request_count() const;
  std::size_t request_count(std::string_view path) const;
  void clear_requests();
  /// The most requests with this Host header (say "127.0.0.1:PORT") the server had under
  /// way at once: read and not yet answered to the last byte, their connection open. Hold
  /// each reply a little (Reply::delay) to see how many a client sends at once.
  std::size_t max_under_way(std::string_view host) const;
  /// Connections accepted so far (keep-alive reuses one connection for several requests).
  std::size_t connection_count() const;
  /// Recording is on by default; a benchmark serving many thousands of requests turns it off.
  void set_recording(Recording recording);

  class Impl;  ///< internal

 private:
  std::unique_ptr<Impl> m_impl;
};

/// The bytes compressed in gzip format (for handcrafted test bodies and gzip bombs).
std::string gzip_compress(std::string_view data);

}  // namespace newsmon::test
