#pragma once
// A message as an HTTP request: the signed POST of an alert, a follow-up or a digest in its
// endpoint's format,
// with the limits webhooks need, and the reading of a failed transfer for the delivery's
// record. Pure functions; the worker sends the request on the daemon's HttpClient.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/alert/message.h"
#include "daemon/alert/signing.h"
#include "daemon/fetch/http_client.h"

namespace newsmon::alert {

/// A receiver's answer matters for its status and a line of explanation: a longer body is
/// cut at this size, never treated as a failed delivery.
inline constexpr std::uint64_t k_max_webhook_response_body = 64 * 1024;

/// The limits of a webhook POST: `timeout` for the whole exchange (connecting takes at
/// most 10 s of it), no redirect followed (a 3xx is a failed delivery: the endpoint is
/// configured with its final URL), a response body cut at k_max_webhook_response_body.
fetch::Limits webhook_limits(std::chrono::milliseconds timeout);

/// The POST of a message: rendered in the endpoint's format, with Content-Type,
/// webhook-id and webhook-timestamp headers, and webhook-signature when there are keys.
fetch::Request webhook_request(const Endpoint& endpoint, const std::vector<SigningKey>& keys,
                               const std::string& webhook_id, const Message& message,
                               std::int64_t timestamp);

/// The error of a timed-out attempt says how long the endpoint was given, in its own
/// terms ("no response within 15000 ms"); other responses are returned as they are.
fetch::Response explain_timeout(fetch::Response response, std::chrono::milliseconds timeout);

}  // namespace newsmon::alert
