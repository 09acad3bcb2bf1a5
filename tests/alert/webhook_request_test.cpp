// A delivery as an HTTP request: what webhooks need of the shared HTTP client is said in
// the request itself (no redirects, the endpoint's own timeout, a bounded answer).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/signing.h"
#include "daemon/alert/webhook_request.h"
#include "tests/alert/alert_fixture.h"

using namespace newsmon;
using namespace newsmon::alert;
using std::chrono::milliseconds;

namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

Message message() {
  return test::single(test::sample_alert());
}

}  // namespace

TEST_CASE("Webhook requests follow no redirect and keep to the endpoint's timeout",
          "[alert][request]") {
  const auto limits = webhook_limits(milliseconds(15'000));
  CHECK(limits.max_redirects == 0);
  CHECK(limits.total_timeout == milliseconds(15'000));
  CHECK(limits.connect_timeout == milliseconds(10'000));
  CHECK(limits.max_body == k_max_webhook_response_body);
  CHECK(webhook_limits(milliseconds(300)).connect_timeout == milliseconds(300));
}

TEST_CASE("A webhook request is a signed POST of the alert in the endpoint's format",
          "[alert][request]") {
  Endpoint endpoint;
  endpoint.name = "analysts";
  endpoint.url = "https://hooks.example.org/analysts";
  endpoint.format = Format::slack;
  endpoint.timeout = milliseconds(2'000);
  const auto key = parse_signing_key(k_secret).value();
  const auto request = webhook_request(endpoint, {key}, "msg_0123", message(), test::k_raised_at);
  CHECK(request.url == endpoint.url);
  CHECK(request.method == fetch::Method::post);
  CHECK(request.limits.total_timeout == milliseconds(2'000));
  CHECK(request.limits.max_redirects == 0);
  CHECK(test::header_of(request, "Content-Type") == "application/json");
  CHECK(test::header_of(request, "webhook-id") == "msg_0123");
  CHECK(test::header_of(request, "webhook-timestamp") == std::to_string(test::k_raised_at));
  CHECK(verify_signature({key}, "msg_0123", std::to_string(test::k_raised_at), request.body,
                         test::header_of(request, "webhook-signature"), test::k_raised_at)
            .ok());
  CHECK(nlohmann::json::parse(request.body).contains("blocks"));  // Slack's shape

  SECTION("without keys it is not signed") {
    const auto unsigned_request =
        webhook_request(endpoint, {}, "msg_0123", message(), test::k_raised_at);
    CHECK(test::header_of(unsigned_request, "webhook-signature").empty());
  }
}

TEST_CASE("A timed-out attempt says how long the endpoint was given", "[alert][request]") {
  fetch::Response timed_out;
  timed_out.outcome = fetch::Outcome::timeout;
  timed_out.error = "Operation timed out after 300 milliseconds with 0 bytes received";
  CHECK(explain_timeout(timed_out, milliseconds(300)).error == "no response within 300 ms");
  fetch::Response refused;
  refused.outcome = fetch::Outcome::connect_failed;
  refused.error = "Connection refused";
  CHECK(explain_timeout(refused, milliseconds(300)).error == "Connection refused");
}
