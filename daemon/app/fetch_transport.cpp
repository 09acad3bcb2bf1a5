#include "daemon/app/fetch_transport.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/fetch/http_client.h"

namespace newsmon::app {
namespace {

using std::chrono::milliseconds;

// A receiver's answer matters for its status and a line of explanation; a long body is
// cut, never treated as a failed delivery.
constexpr std::uint64_t k_max_response_body = 64 * 1024;
constexpr milliseconds k_max_connect_timeout{10'000};

alert::TransportOutcome outcome_of(const fetch::Response& response) {
  switch (response.outcome) {
    case fetch::Outcome::completed: return alert::TransportOutcome::response;
    case fetch::Outcome::too_large:
      return response.status != 0 ? alert::TransportOutcome::response
                                  : alert::TransportOutcome::failed;
    case fetch::Outcome::timeout: return alert::TransportOutcome::timeout;
    case fetch::Outcome::connect_failed:
    case fetch::Outcome::tls_error: return alert::TransportOutcome::connect_failed;
    case fetch::Outcome::cancelled: return alert::TransportOutcome::cancelled;
    case fetch::Outcome::bad_url:
    case fetch::Outcome::too_many_redirects:
    case fetch::Outcome::protocol_error: return alert::TransportOutcome::failed;
  }
  return alert::TransportOutcome::failed;
}

alert::WebhookResponse convert(fetch::Response response, milliseconds timeout) {
  alert::WebhookResponse converted;
  converted.outcome = outcome_of(response);
  converted.status = static_cast<int>(response.status);
  converted.headers = std::move(response.headers);
  converted.body = std::move(response.body);
  if (converted.outcome == alert::TransportOutcome::timeout) {
    converted.error = fmt::format("no response within {} ms", timeout.count());
  } else if (converted.outcome != alert::TransportOutcome::response) {
    converted.error = std::move(response.error);
  }
  return converted;
}

}  // namespace

void FetchTransport::post(alert::WebhookRequest request, Callback callback) {
  fetch::Request http;
  http.url = std::move(request.url);
  http.method = fetch::Method::post;
  http.headers = std::move(request.headers);
  http.body = std::move(request.body);
  http.limits.total_timeout = request.timeout;
  http.limits.connect_timeout = std::min(request.timeout, k_max_connect_timeout);
  http.limits.max_redirects = 0;  // a 3xx is a failed delivery, never followed
  http.limits.max_body = k_max_response_body;
  const milliseconds timeout = request.timeout;
  m_client.start(std::move(http),
                 [callback = std::move(callback), timeout](fetch::Response response) {
                   callback(convert(std::move(response), timeout));
                 });
}

void FetchTransport::cancel_all() {
  m_client.cancel_all();
}

}  // namespace newsmon::app
