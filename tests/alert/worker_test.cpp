// The delivery worker against a real SQLite outbox, a fake HTTP client and a fake
// clock: every retry decision is checked without waiting for it.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/routing.h"
#include "daemon/alert/signing.h"
#include "daemon/alert/worker.h"
#include "daemon/store/webhook_id.h"
#include "tests/alert/alert_fixture.h"
#include "tests/store/store_fixture.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using namespace newsmon::alert;
using newsmon::test::FakeHttpClient;
using newsmon::test::k_start;
using std::chrono::seconds;

namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

Endpoint endpoint(const std::string& name, Format format = Format::json) {
  Endpoint configured;
  configured.name = name;
  configured.url = "https://hooks.example.org/" + name;
  configured.format = format;
  configured.secrets = {k_secret};
  configured.retry_schedule = {seconds(10), seconds(20)};
  return configured;
}

struct WorkerFixture : test::StoreFixture {
  boost::asio::io_context io;
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  FakeHttpClient client{io};
  std::unique_ptr<DeliveryWorker> worker;
  int stories = 0;

  explicit WorkerFixture(std::vector<Endpoint> endpoints) {
    WorkerOptions options;
    options.jitter = 0;
    worker = std::make_unique<DeliveryWorker>(io, *store, client, clock, options);
    REQUIRE(worker->set_endpoints(std::move(endpoints)).empty());
  }

  ~WorkerFixture() {
    bool stopped = false;
    worker->stop(std::chrono::milliseconds(0), [&] { stopped = true; });
    test::run_until(io, [&] { return stopped; });
  }

  // A new story, matched by one rule, sent to these endpoints.
  void add_alert(std::vector<std::string> endpoints) {
    const std::string id = "story-" + std::to_string(++stories);
    std::vector<store::IncomingItem> items;
    items.push_back(test::make_item(id, "Story " + id, "", "https://example.org/" + id,
                                    {test::make_match("arms")}));
    REQUIRE(test::ingest(*store, feed_id, std::move(items), util::to_epoch_seconds(clock.now()),
                         std::move(endpoints))
                .ok());
  }

  std::string value(const std::string& sql) { return test::query_value(path, sql); }
  std::vector<test::Row> rows(const std::string& sql) { return test::query(path, sql); }

  void advance(seconds by) {
    clock.advance(by);
    worker->poke();
  }
  // Runs what is ready now, and nothing that waits.
  void settle() {
    for (int i = 0; i < 20; ++i) {
      io.restart();
      io.poll();
    }
  }
  bool run_until(const std::function<bool()>& condition) { return test::run_until(io, condition); }
};

}  // namespace

TEST_CASE("A due delivery goes out signed, in its format, and is recorded as delivered",
          "[alert][worker]") {
  WorkerFixture fixture({endpoint("analysts")});
  fixture.add_alert({"analysts"});
  fixture.worker->start();
  REQUIRE(fixture.run_until(
      [&] { return fixture.value("SELECT state FROM deliveries") == "delivered"; }));
  REQUIRE(fixture.client.requests().size() == 1);
  const auto& request = fixture.client.requests()[0];
  CHECK(request.url == "https://hooks.example.org/analysts");
  CHECK(request.limits.total_timeout == std::chrono::milliseconds(15'000));
  CHECK(test::header_of(request, "Content-Type") == "application/json");
  const auto id = test::header_of(request, "webhook-id");
  CHECK(id == fixture.value("SELECT webhook_id FROM deliveries"));
  CHECK(test::header_of(request, "webhook-timestamp") == std::to_string(k_start));
  const auto key = parse_signing_key(k_secret).value();
  CHECK(verify_signature({key}, id, std::to_string(k_start), request.body,
                         test::header_of(request, "webhook-signature"), k_start)
            .ok());
  const auto payload = nlohmann::json::parse(request.body);
  CHECK(payload["type"] == "newsmon.alert");
  CHECK(payload["data"]["story"]["title"] == "Story story-1");
  CHECK(fixture.rows("SELECT attempts, last_status, last_error FROM deliveries") ==
        std::vector<test::Row>{{"1", "200", ""}});
  const auto metrics = fixture.worker->metrics();
  CHECK(metrics.delivered == 1);
  CHECK(metrics.pending == 0);
}

TEST_CASE("An endpoint without secrets gets unsigned requests", "[alert][worker]") {
  auto open = endpoint("open");
  open.secrets.clear();
  WorkerFixture fixture({open});
  fixture.add_alert({"open"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] { return fixture.client.requests().size() == 1; }));
  CHECK(test::header_of(fixture.client.requests()[0], "webhook-signature").empty());
  CHECK_FALSE(test::header_of(fixture.client.requests()[0], "webhook-id").empty());
}

TEST_CASE("A failed attempt is retried on schedule under the same webhook-id", "[alert][worker]") {
  WorkerFixture fixture({endpoint("analysts")});
  fixture.client.then("https://hooks.example.org/analysts", FakeHttpClient::status(500));
  fixture.add_alert({"analysts"});
  fixture.worker->start();
  REQUIRE(fixture.run_until(
      [&] { return fixture.value("SELECT last_status FROM deliveries") == "500"; }));
  CHECK(fixture.rows("SELECT state, attempts, next_attempt_at, last_error FROM deliveries") ==
        std::vector<test::Row>{{"pending", "1", std::to_string(k_start + 10), "HTTP 500"}});

  fixture.advance(seconds(9));
  fixture.settle();
  CHECK(fixture.client.requests().size() == 1);  // not due yet

  fixture.advance(seconds(1));
  REQUIRE(fixture.run_until(
      [&] { return fixture.value("SELECT state FROM deliveries") == "delivered"; }));
  REQUIRE(fixture.client.requests().size() == 2);
  const auto& first = fixture.client.requests()[0];
  const auto& second = fixture.client.requests()[1];
  CHECK(test::header_of(first, "webhook-id") == test::header_of(second, "webhook-id"));
  CHECK(test::header_of(second, "webhook-timestamp") == std::to_string(k_start + 10));
  CHECK(first.body == second.body);
  CHECK(fixture.value("SELECT attempts FROM deliveries") == "2");
  CHECK(fixture.worker->metrics().failed_attempts == 1);
}

TEST_CASE("A delivery that fails every attempt ends dead and stays visible", "[alert][worker]") {
  WorkerFixture fixture({endpoint("analysts")});
  fixture.client.set("https://hooks.example.org/analysts", FakeHttpClient::status(503));
  fixture.add_alert({"analysts"});
  fixture.worker->start();
  for (const auto wait : {seconds(10), seconds(20)}) {
    const auto before = fixture.client.requests().size();
    REQUIRE(fixture.run_until([&] { return fixture.client.requests().size() == before + 1; }));
    fixture.settle();
    fixture.advance(wait);
  }
  REQUIRE(
      fixture.run_until([&] { return fixture.value("SELECT state FROM deliveries") == "dead"; }));
  CHECK(fixture.client.requests().size() == 3);
  CHECK(fixture.rows("SELECT attempts, last_status, last_error FROM deliveries") ==
        std::vector<test::Row>{{"3", "503", "HTTP 503; gave up after 3 attempts"}});
  const auto metrics = fixture.worker->metrics();
  CHECK(metrics.dead == 1);
  CHECK(metrics.dead_in_store == 1);
  CHECK(metrics.pending == 0);
}

TEST_CASE("410 disables the endpoint and its pending alerts; others carry on", "[alert][worker]") {
  WorkerFixture fixture({endpoint("gone"), endpoint("fine")});
  fixture.client.set("https://hooks.example.org/gone", FakeHttpClient::status(410));
  fixture.add_alert({"gone", "fine"});
  fixture.add_alert({"gone"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] {
    return fixture.value("SELECT count(*) FROM deliveries WHERE state = 'pending'") == "0";
  }));
  CHECK(fixture.value("SELECT count(*) FROM deliveries WHERE endpoint = 'gone' AND "
                      "state = 'dead'") == "2");
  CHECK(fixture.value("SELECT state FROM deliveries WHERE endpoint = 'fine'") == "delivered");
  CHECK(fixture.worker->metrics().endpoints_gone == 1);
  const auto sent_to_gone = fixture.client.count("https://hooks.example.org/gone");
  CHECK(sent_to_gone >= 1);

  SECTION("alerts stored later are not sent to it and not left pending") {
    fixture.add_alert({"gone"});
    fixture.worker->poke();
    REQUIRE(fixture.run_until([&] {
      return fixture.value("SELECT count(*) FROM deliveries WHERE state = 'pending'") == "0";
    }));
    CHECK(fixture.client.count("https://hooks.example.org/gone") == sent_to_gone);
  }
  SECTION("a reload enables it again") {
    REQUIRE(fixture.worker->set_endpoints({endpoint("gone"), endpoint("fine")}).empty());
    fixture.client.set("https://hooks.example.org/gone", FakeHttpClient::status(200));
    fixture.add_alert({"gone"});
    fixture.worker->poke();
    REQUIRE(fixture.run_until([&] {
      return fixture.value("SELECT count(*) FROM deliveries WHERE state = 'delivered'") == "2";
    }));
  }
}

TEST_CASE("429 with Retry-After pauses the endpoint until then", "[alert][worker]") {
  WorkerFixture fixture({endpoint("chat", Format::slack)});
  const std::string url = "https://hooks.example.org/chat";
  fixture.client.then(url, FakeHttpClient::status(429, {{"retry-after", "30"}}));
  fixture.add_alert({"chat"});
  fixture.add_alert({"chat"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] {
    return fixture.value("SELECT count(*) FROM deliveries WHERE last_status = 429") == "1";
  }));
  CHECK(fixture.value("SELECT next_attempt_at FROM deliveries WHERE last_status = 429") ==
        std::to_string(k_start + 30));
  fixture.advance(seconds(29));
  fixture.settle();
  CHECK(fixture.client.requests().size() == 1);  // the other alert waits too

  fixture.advance(seconds(1));
  REQUIRE(fixture.run_until([&] { return fixture.client.requests().size() == 2; }));
  fixture.advance(seconds(1));
  REQUIRE(fixture.run_until([&] {
    return fixture.value("SELECT count(*) FROM deliveries WHERE state = 'delivered'") == "2";
  }));
}

TEST_CASE("A rate-limited endpoint gets at most its rate", "[alert][worker]") {
  WorkerFixture fixture({endpoint("chat", Format::slack)});
  for (int i = 0; i < 3; ++i) fixture.add_alert({"chat"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] { return fixture.client.requests().size() == 1; }));
  fixture.settle();
  CHECK(fixture.client.requests().size() == 1);
  fixture.clock.advance(std::chrono::milliseconds(999));
  fixture.worker->poke();
  fixture.settle();
  CHECK(fixture.client.requests().size() == 1);
  fixture.advance(seconds(1));
  REQUIRE(fixture.run_until([&] { return fixture.client.requests().size() == 2; }));
  fixture.settle();
  CHECK(fixture.client.requests().size() == 2);
}

TEST_CASE("An endpoint that never answers does not hold up the others", "[alert][worker]") {
  WorkerFixture fixture({endpoint("silent"), endpoint("fine")});
  fixture.client.hold("https://hooks.example.org/silent");
  fixture.add_alert({"silent", "fine"});
  fixture.add_alert({"fine"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] {
    return fixture.value("SELECT count(*) FROM deliveries WHERE state = 'delivered'") == "2";
  }));
  CHECK(fixture.client.held() == 1);
  CHECK(fixture.worker->metrics().in_flight == 1);
}

TEST_CASE("Stopping lets requests in flight finish", "[alert][worker]") {
  WorkerFixture fixture({endpoint("analysts")});
  fixture.client.hold("https://hooks.example.org/analysts");
  fixture.add_alert({"analysts"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] { return fixture.client.held() == 1; }));
  bool stopped = false;
  fixture.worker->stop(seconds(10), [&] { stopped = true; });
  fixture.settle();
  CHECK_FALSE(stopped);
  fixture.client.release();
  REQUIRE(fixture.run_until([&] { return stopped; }));
  CHECK(fixture.value("SELECT state FROM deliveries") == "delivered");
  CHECK(fixture.client.cancelled() == 0);
}

TEST_CASE("Stopping gives back the leases of requests still running at the deadline",
          "[alert][worker]") {
  WorkerFixture fixture({endpoint("analysts")});
  fixture.client.hold("https://hooks.example.org/analysts");
  fixture.add_alert({"analysts"});
  fixture.worker->start();
  REQUIRE(fixture.run_until([&] { return fixture.client.held() == 1; }));
  bool stopped = false;
  fixture.worker->stop(std::chrono::milliseconds(20), [&] { stopped = true; });
  REQUIRE(fixture.run_until([&] { return stopped; }));
  CHECK(fixture.client.cancelled() == 1);
  CHECK(fixture.rows("SELECT state, attempts, lease_until FROM deliveries") ==
        std::vector<test::Row>{{"pending", "0", "NULL"}});
}

TEST_CASE("Draining waits for what is due now, not for later retries", "[alert][worker]") {
  WorkerFixture fixture({endpoint("ok"), endpoint("failing")});
  fixture.client.set("https://hooks.example.org/failing", FakeHttpClient::status(500));
  fixture.add_alert({"ok", "failing"});
  bool drained = false;
  fixture.worker->start();
  fixture.worker->when_drained([&] { drained = true; });
  REQUIRE(fixture.run_until([&] { return drained; }));
  CHECK(fixture.rows("SELECT endpoint, state FROM deliveries ORDER BY endpoint") ==
        std::vector<test::Row>{{"failing", "pending"}, {"ok", "delivered"}});
}

TEST_CASE("An endpoint whose secret cannot be read sends nothing and says why", "[alert][worker]") {
  auto unreadable = endpoint("unreadable");
  unreadable.secrets = {"env:NEWSMON_TEST_UNSET_SECRET"};
  WorkerFixture fixture({});
  const auto errors = fixture.worker->set_endpoints({unreadable});
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Catch::Contains("unreadable") &&
                                    Catch::Contains("NEWSMON_TEST_UNSET_SECRET") &&
                                    Catch::Contains("wait"));
  fixture.add_alert({"unreadable"});
  fixture.worker->start();
  fixture.settle();
  CHECK(fixture.client.requests().empty());
  CHECK(fixture.value("SELECT state FROM deliveries") == "pending");
}

TEST_CASE("Alerts for a webhook removed from the configuration are marked dead",
          "[alert][worker]") {
  WorkerFixture fixture({endpoint("old")});
  fixture.add_alert({"old"});
  REQUIRE(fixture.worker->set_endpoints({endpoint("new")}).empty());
  CHECK(fixture.rows("SELECT state, last_error FROM deliveries") ==
        std::vector<test::Row>{{"dead", "its webhook is no longer in the configuration"}});
}

TEST_CASE("A lease left by a crashed process is taken over once it expires", "[alert][worker]") {
  WorkerFixture fixture({endpoint("analysts")});
  fixture.add_alert({"analysts"});
  // Another process leased the row and died.
  REQUIRE(fixture.store->lease_deliveries("analysts", k_start, seconds(120), 10).value().size() ==
          1);
  fixture.worker->start();
  fixture.settle();
  CHECK(fixture.client.requests().empty());
  fixture.advance(seconds(120));
  REQUIRE(fixture.run_until(
      [&] { return fixture.value("SELECT state FROM deliveries") == "delivered"; }));
  CHECK(fixture.value("SELECT attempts FROM deliveries") == "2");
}

TEST_CASE("A webhook with a digest gets its window's alerts in one message at the window's end",
          "[alert][worker]") {
  auto hourly = endpoint("hourly");
  hourly.digest = std::chrono::hours(1);
  WorkerFixture fixture({hourly});
  const std::vector<Endpoint> endpoints{hourly};
  const RoutingPolicy policy;
  const Silences silences;
  const Router router(endpoints, policy, silences);
  std::vector<store::IncomingItem> items;
  for (int i = 1; i <= 5; ++i) {
    const auto id = std::to_string(i);
    items.push_back(test::make_item("story-" + id, "Story " + id + " on tanks", "",
                                    "https://example.org/" + id, {test::make_match("arms")}));
  }
  REQUIRE(fixture.store->ingest(fixture.feed_id, std::move(items), k_start, {}, router).ok());
  fixture.worker->start();
  fixture.settle();
  CHECK(fixture.client.requests().empty());  // not before the window ends

  const store::Epoch end = digest_window_end(std::chrono::hours(1), k_start);
  fixture.advance(seconds(end - k_start));
  REQUIRE(fixture.run_until([&] {
    return fixture.value("SELECT count(*) FROM deliveries WHERE state = 'delivered'") == "5";
  }));
  REQUIRE(fixture.client.requests().size() == 1);
  const auto& request = fixture.client.requests()[0];
  CHECK(test::header_of(request, "webhook-id") == store::digest_webhook_id("hourly", end));
  const auto payload = nlohmann::json::parse(request.body);
  CHECK(payload["type"] == "newsmon.digest");
  CHECK(payload["data"]["count"] == 5);
  CHECK(payload["data"]["alerts"].size() == 5);
  CHECK(payload["data"]["window"]["end"] == util::format_rfc3339(end));
}
