#pragma once
// How the alerter sends a request, declared here so alert needs no HTTP library: the
// application adapts its HTTP client to it (daemon/app/fetch_transport.h), tests may
// fake it.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsmon::alert {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct WebhookRequest {
  std::string url;
  Headers headers;  ///< sent as given, in order
  std::string body;
  std::chrono::milliseconds timeout{15'000};  ///< connect and whole exchange together
};

enum class TransportOutcome {
  response,        ///< an HTTP response arrived: see status
  timeout,         ///< no complete response within the timeout
  connect_failed,  ///< refused, unreachable, name not resolved, TLS handshake failed
  failed,          ///< anything else that left no usable response
  cancelled,       ///< cancel_all() ended it
};
const char* transport_outcome_name(TransportOutcome outcome);

struct WebhookResponse {
  TransportOutcome outcome = TransportOutcome::response;
  int status = 0;     ///< when outcome == response
  Headers headers;    ///< names in lower case
  std::string body;   ///< possibly cut short; for Discord's retry_after and error logs
  std::string error;  ///< a human-readable reason when outcome != response

  /// The last value of a header (name in lower case), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

/// Sends POST requests without following redirects. Implementations run every callback
/// exactly once, on the thread of the io_context the alerter runs on, never from inside
/// post() itself.
class Transport {
 public:
  virtual ~Transport() = default;
  using Callback = std::function<void(WebhookResponse)>;
  virtual void post(WebhookRequest request, Callback callback) = 0;
  /// Ends every request in flight; their callbacks see TransportOutcome::cancelled.
  virtual void cancel_all() = 0;
};

}  // namespace newsmon::alert
