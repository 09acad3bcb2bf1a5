// The delivery worker over real HTTP: the daemon's HTTP client (curl on Asio) against a
// local Boost.Beast server, one test per way a receiver can fail.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/alert/signing.h"
#include "daemon/alert/worker.h"
#include "daemon/fetch/curl_client.h"
#include "tests/alert/alert_fixture.h"
#include "tests/store/store_fixture.h"
#include "tests/support/http_server.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using namespace newsmon::alert;
using newsmon::test::HttpServer;
using newsmon::test::k_start;
using newsmon::test::RecordedRequest;
using newsmon::test::Reply;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr const char* k_old_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* k_new_secret = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";

// One stored alert for the endpoint "receiver" at the server's /hook, and a worker
// delivering it with a fake clock (retries happen when the test moves the clock).
struct HttpFixture : test::StoreFixture {
  HttpServer server;
  boost::asio::io_context io;
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  fetch::CurlClient client{io, fetch::ClientOptions{}};
  std::unique_ptr<DeliveryWorker> worker;

  explicit HttpFixture(const std::function<void(Endpoint&)>& adjust = {}) {
    Endpoint endpoint;
    endpoint.name = "receiver";
    endpoint.url = server.url("/hook");
    endpoint.secrets = {k_old_secret};
    endpoint.retry_schedule = {seconds(10), seconds(10)};
    if (adjust) adjust(endpoint);
    WorkerOptions options;
    options.jitter = 0;
    worker = std::make_unique<DeliveryWorker>(io, *store, client, clock, options);
    REQUIRE(worker->set_endpoints({std::move(endpoint)}).empty());
    std::vector<store::IncomingItem> items;
    items.push_back(test::make_item("story", "US commits 31 Abrams tanks to Ukraine", "",
                                    "https://example.org/story", {test::make_match("arms")}));
    REQUIRE(test::ingest(*store, feed_id, std::move(items), k_start, {"receiver"}).ok());
  }

  ~HttpFixture() {
    bool stopped = false;
    worker->stop(milliseconds(0), [&] { stopped = true; });
    test::run_until(io, [&] { return stopped; });
  }

  std::string value(const std::string& column) {
    return test::query_value(path, "SELECT " + column + " FROM deliveries");
  }
  // Waits until the given attempt has been recorded (its lease resolved).
  void attempt_recorded(int attempts) {
    REQUIRE(test::run_until(io, [&] {
      return value("attempts") == std::to_string(attempts) && value("lease_until") == "NULL";
    }));
  }
  void retry_after(seconds wait) {
    clock.advance(wait);
    worker->poke();
  }
};

}  // namespace

TEST_CASE("Over HTTP a 500 is retried, and the retry carries the same webhook-id",
          "[alert][http]") {
  HttpFixture fixture;
  fixture.server.set("/hook", Reply::status_only(500));
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("state") == "pending");
  CHECK(fixture.value("last_status") == "500");
  CHECK(fixture.value("next_attempt_at") == std::to_string(k_start + 10));

  fixture.server.set("/hook", Reply::status_only(204));
  fixture.retry_after(seconds(10));
  fixture.attempt_recorded(2);
  CHECK(fixture.value("state") == "delivered");
  const auto requests = fixture.server.requests("/hook");
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].header("webhook-id") == requests[1].header("webhook-id"));
  CHECK(requests[0].body == requests[1].body);
  CHECK(requests[1].header("webhook-timestamp") == std::to_string(k_start + 10));
  CHECK(requests[0].header("content-type") == "application/json");
}

TEST_CASE("Over HTTP a receiver that does not answer in time is retried", "[alert][http]") {
  HttpFixture fixture([](Endpoint& endpoint) { endpoint.timeout = milliseconds(300); });
  Reply silent;
  silent.behaviour = test::Behaviour::never_answer;
  fixture.server.set("/hook", silent);
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("state") == "pending");
  CHECK(fixture.value("last_status") == "0");
  CHECK(fixture.value("last_error") == "no response within 300 ms");
  CHECK(fixture.value("next_attempt_at") == std::to_string(k_start + 10));
}

TEST_CASE("Over HTTP a 429 with Retry-After sets the next attempt", "[alert][http]") {
  HttpFixture fixture;
  fixture.server.set("/hook", Reply::status_only(429).header("Retry-After", "7"));
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("next_attempt_at") == std::to_string(k_start + 7));
  CHECK(fixture.value("last_status") == "429");

  fixture.server.set("/hook", Reply::status_only(200));
  fixture.retry_after(seconds(6));
  for (int i = 0; i < 10; ++i) {  // everything ready to run, nothing that waits
    fixture.io.restart();
    fixture.io.poll();
  }
  CHECK(fixture.worker->metrics().in_flight == 0);
  CHECK(fixture.server.request_count("/hook") == 1);
  fixture.retry_after(seconds(1));
  fixture.attempt_recorded(2);
  CHECK(fixture.value("state") == "delivered");
}

TEST_CASE("Over HTTP a 410 marks the delivery dead and disables the endpoint", "[alert][http]") {
  HttpFixture fixture;
  fixture.server.set("/hook", Reply::status_only(410));
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("state") == "dead");
  CHECK(fixture.value("last_status") == "410");
  CHECK(fixture.value("last_error") == "the endpoint answered 410 Gone and was disabled");
  CHECK(fixture.worker->metrics().endpoints_gone == 1);
}

TEST_CASE("Over HTTP a refused connection is retried", "[alert][http]") {
  std::string closed_url;
  {
    HttpServer gone;  // its port is free again once it is destroyed
    closed_url = gone.url("/hook");
  }
  HttpFixture fixture([&](Endpoint& endpoint) { endpoint.url = closed_url; });
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("state") == "pending");
  CHECK(fixture.value("last_status") == "0");
  CHECK_THAT(fixture.value("last_error"), Catch::Contains("onnect"));
}

TEST_CASE("Over HTTP a redirect is not followed", "[alert][http]") {
  HttpFixture fixture;
  fixture.server.set("/hook", Reply::redirect(302, "/elsewhere"));
  fixture.server.set("/elsewhere", Reply::status_only(200));
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("state") == "pending");
  CHECK(fixture.value("last_status") == "302");
  CHECK(fixture.server.request_count("/elsewhere") == 0);
}

TEST_CASE("Over HTTP a receiver that knows only the old secret accepts rotated signatures",
          "[alert][http]") {
  HttpFixture fixture([](Endpoint& endpoint) { endpoint.secrets = {k_new_secret, k_old_secret}; });
  const auto old_key = resolve_secret(k_old_secret).value();
  fixture.server.set("/hook", [&](const RecordedRequest& request) {
    const auto verified =
        verify_signature({old_key}, request.header("webhook-id").value_or(""),
                         request.header("webhook-timestamp").value_or(""), request.body,
                         request.header("webhook-signature").value_or(""), k_start);
    return Reply::status_only(verified ? 204 : 401);
  });
  fixture.worker->start();
  fixture.attempt_recorded(1);
  CHECK(fixture.value("state") == "delivered");
  const auto signature = fixture.server.requests("/hook").at(0).header("webhook-signature");
  REQUIRE(signature);
  CHECK(std::count(signature->begin(), signature->end(), ' ') == 1);  // two signatures
}
