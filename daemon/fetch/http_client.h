#pragma once
// The one HTTP vocabulary of newsmon (Request, Limits, Response) and the HttpClient
// interface that feed polls and webhook deliveries both use. It moves bytes and knows
// nothing of feeds or webhooks: a caller says what it needs in the request's limits.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

/// Identifies one transfer of a client, so its caller can cancel it alone. Never 0.
using TransferId = std::uint64_t;

/// Moves bytes over HTTP for everyone in the daemon: feed polls and webhook deliveries
/// share one client and so one connection pool. Implemented over libcurl by CurlClient;
/// tests use a fake (tests/support/fake_http_client.h).
///
/// Contract for every implementation: callbacks run on the thread of the io_context the
/// client was made for, never from inside start(). Not thread-safe: use a client from that
/// thread only. Redirects are followed (up to Limits::max_redirects) only to http and https
/// URLs; `file://` is allowed only when the request says so, and never as a redirect target.
/// A file read in full is reported as status 200 with no headers.
class HttpClient {
 public:
  virtual ~HttpClient() = default;

  /// Called exactly once per start(), on the io_context's thread, never from inside
  /// start(). It may start or cancel transfers, but must not destroy the client.
  using Callback = std::function<void(Response)>;
  /// Starts a transfer and returns at once. A request that cannot be made (a relative
  /// URL, a scheme that is not allowed, a header with a line break) completes with
  /// Outcome::bad_url.
  virtual TransferId start(Request request, Callback callback) = 0;
  /// Ends one transfer: its callback runs before this returns and sees Outcome::cancelled.
  /// Nothing happens when the transfer has already completed (or the id is unknown), so a
  /// caller may cancel what it believes in flight without checking. Other callers'
  /// transfers on the same client go on.
  virtual void cancel(TransferId transfer) = 0;
  /// Ends every transfer in flight, whoever started it; their callbacks run before this
  /// returns and see Outcome::cancelled. For the client's owner (shutdown), not for one
  /// of several callers sharing it: they cancel their own transfers with cancel().
  virtual void cancel_all() = 0;
  /// Transfers started and not yet completed, of every caller.
  virtual std::size_t in_flight() const = 0;
};

}  // namespace newsmon::fetch
