#pragma once
// HTTP over libcurl's multi interface, driven by one Boost.Asio io_context: many
// transfers in flight, none blocking the loop. It moves bytes and knows nothing of feeds.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace newsmon::fetch {

enum class Method { get, post };
enum class FileUrls { deny, allow };

struct Limits {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};
  std::uint64_t low_speed_bytes_per_second = 64;  ///< abort when slower than this ...
  std::chrono::seconds low_speed_time{30};        ///< ... for this long
  std::uint64_t max_body = 8u << 20;              ///< decoded body bytes; more aborts the transfer
  int max_redirects = 5;                          ///< 0: redirects are not followed
};

struct Request {
  std::string url;
  Method method = Method::get;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra request headers
  std::string body;                                          ///< for POST
  std::string if_none_match;      ///< ETag sent back exactly as received, when not empty
  std::string if_modified_since;  ///< Last-Modified sent back exactly as received
  Limits limits;
  FileUrls file_urls = FileUrls::deny;
};

/// How a transfer ended. Anything but `completed` means no usable HTTP response.
enum class Outcome {
  completed,       ///< an HTTP response arrived (any status, see Response::status)
  timeout,         ///< connect, total or low-speed timeout
  too_large,       ///< the body passed Limits::max_body
  connect_failed,  ///< refused, unreachable, DNS failure
  tls_error,
  bad_url,  ///< malformed, or a scheme other than http/https (also when redirected to one)
  too_many_redirects,
  protocol_error,  ///< malformed response, bad content encoding, ...
  cancelled,
};
const char* outcome_name(Outcome outcome);

/// The HTTP version a response came over (CURLINFO_HTTP_VERSION).
enum class HttpVersion { none, http1_0, http1_1, http2, http3 };
/// "1.0", "1.1", "2", "3"; "-" when no HTTP response arrived (or a file was read).
const char* http_version_name(HttpVersion version);

struct Redirect {
  long status = 0;       ///< 301, 302, 303, 307 or 308
  std::string location;  ///< absolute target
};

struct Response {
  Outcome outcome = Outcome::completed;
  std::string error;  ///< human-readable reason when outcome != completed
  long status = 0;    ///< HTTP status of the final response
  /// Headers of the final response; names lower-cased, values as received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                 ///< decoded (decompressed) body
  std::string effective_url;        ///< the URL of the final response
  std::vector<Redirect> redirects;  ///< the hops followed, in order
  std::uint64_t wire_bytes = 0;     ///< header and body bytes received, before decoding
  /// The version of the final response; none when no HTTP response arrived.
  HttpVersion http_version = HttpVersion::none;
  std::chrono::milliseconds elapsed{0};

  /// The last value of a header (name in lower case), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

struct ClientOptions {
  std::string user_agent = "newsmon";
  long max_connections = 64;  ///< across all hosts
  long per_host = 2;          ///< connections to one host
  /// A PEM bundle of CA certificates (CURLOPT_CAINFO) that replaces libcurl's default
  /// bundle file; a CA folder libcurl was built with (Debian: /etc/ssl/certs) still counts.
  /// Empty: libcurl's defaults. Peers are always verified.
  std::string ca_file;
};

/// Runs transfers on the io_context's thread: curl's sockets and timer are waited for by
/// that io_context, so nothing blocks it. Not thread-safe: use it from that thread only.
///
/// Redirects are followed (up to Limits::max_redirects) only to http and https URLs;
/// `file://` is allowed only when the request says so, and never as a redirect target.
/// A file read in full is reported as status 200 with no headers.
class HttpClient {
 public:
  /// Throws std::runtime_error when libcurl cannot be initialised (a start-up fault).
  HttpClient(boost::asio::io_context& io, ClientOptions options);
  /// Drops every transfer still in flight without calling its callback.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Called exactly once per start(), on the io_context's thread, never from inside
  /// start(). It may start or cancel transfers, but must not destroy the client.
  using Callback = std::function<void(Response)>;
  /// Starts a transfer and returns at once. A request that cannot be made (a relative
  /// URL, a scheme that is not allowed, a header with a line break) completes with
  /// Outcome::bad_url.
  void start(Request request, Callback callback);
  /// Ends every transfer in flight; their callbacks run before this returns and see
  /// Outcome::cancelled.
  void cancel_all();
  std::size_t in_flight() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace newsmon::fetch
