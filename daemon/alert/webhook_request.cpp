#include "daemon/alert/webhook_request.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "daemon/alert/payload.h"

namespace newsmon::alert {
namespace {

constexpr std::chrono::milliseconds k_max_connect_timeout{10'000};

}  // namespace

fetch::Limits webhook_limits(std::chrono::milliseconds timeout) {
  fetch::Limits limits;
  limits.total_timeout = timeout;
  limits.connect_timeout = std::min(timeout, k_max_connect_timeout);
  limits.max_redirects = 0;
  limits.max_body = k_max_webhook_response_body;
  return limits;
}

fetch::Request webhook_request(const Endpoint& endpoint, const std::vector<SigningKey>& keys,
                               const std::string& webhook_id, const Message& message,
                               std::int64_t timestamp) {
  fetch::Request request;
  request.url = endpoint.url;
  request.method = fetch::Method::post;
  request.limits = webhook_limits(endpoint.timeout);
  request.body = render_payload(endpoint.format, message);
  request.headers = {{"Content-Type", "application/json"},
                     {"webhook-id", webhook_id},
                     {"webhook-timestamp", std::to_string(timestamp)}};
  if (!keys.empty()) {
    request.headers.emplace_back("webhook-signature",
                                 signature_header(keys, webhook_id, timestamp, request.body));
  }
  return request;
}

fetch::Response explain_timeout(fetch::Response response, std::chrono::milliseconds timeout) {
  if (response.outcome == fetch::Outcome::timeout) {
    response.error = fmt::format("no response within {} ms", timeout.count());
  }
  return response;
}

}  // namespace newsmon::alert
