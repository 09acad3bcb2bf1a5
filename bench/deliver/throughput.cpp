// Deliveries per second through the whole outbox (lease, render, sign, POST, record, each
// write a durable SQLite transaction) beside the same POSTs sent by the HTTP client alone.

#include <time.h>

#include <chrono>
#include <cstdio>
#include <functional>

#include <boost/asio/io_context.hpp>

#include "bench/deliver/bench.h"
#include "daemon/alert/payload.h"
#include "daemon/alert/routing.h"
#include "daemon/alert/signing.h"
#include "daemon/alert/worker.h"
#include "daemon/fetch/curl_client.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"

namespace newsmon::bench {
namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// CPU of the thread running the io_context (curl, SQLite, the worker), user and system
// time together: on a virtual machine the split between the two is not reliable.
struct Measurement {
  double wall_seconds = 0;
  double cpu_seconds = 0;
};

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

Measurement measure(const std::function<void()>& work) {
  const auto wall = std::chrono::steady_clock::now();
  const double cpu = thread_cpu_seconds();
  work();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(),
          thread_cpu_seconds() - cpu};
}

void run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  while (!done()) {
    io.restart();
    io.run_for(std::chrono::milliseconds(10));
  }
}

fetch::ClientOptions client_options(int concurrency) {
  fetch::ClientOptions options;
  options.per_host = concurrency;
  return options;
}

std::unique_ptr<store::Store> filled_store(const std::filesystem::path& path, int deliveries) {
  auto store = store::open_sqlite_store(path).value();
  const auto feed = store->sync_feeds({"https://bench.example.org/feed"}, 0).value().at(0).id;
  alert::Endpoint bench;
  bench.name = "bench";
  const std::vector<alert::Endpoint> endpoints{bench};
  const alert::RoutingPolicy policy;
  const alert::Silences silences;
  const alert::Router router(endpoints, policy, silences);
  std::vector<store::IncomingItem> batch;
  for (int i = 0; i < deliveries; ++i) {
    store::IncomingItem incoming;
    incoming.item.id = "bench-" + std::to_string(i);
    incoming.item.title = "Story " + std::to_string(i) + ": Abrams tanks for Ukraine";
    incoming.item.summary = "The United States pledged 31 M1 Abrams tanks to Ukraine.";
    incoming.item.link = "https://bench.example.org/" + std::to_string(i);
    rules::Match match;
    match.rule_id = "abrams-for-ukraine";
    match.rule_title = "Abrams tanks for Ukraine";
    match.topics = {"arms_transfer"};
    match.severity = rules::Severity::high;
    match.hits = {{rules::Field::title, 10, 16, "Abrams"}};
    incoming.matches.push_back(std::move(match));
    batch.push_back(std::move(incoming));
    if (batch.size() == 250 || i + 1 == deliveries) {
      (void)store->ingest(feed, std::move(batch), util::to_epoch_seconds(util::SystemClock().now()),
                          {}, router);
      batch.clear();
    }
  }
  return store;
}

Measurement through_outbox(const test::HttpServer& server, int deliveries, int concurrency) {
  test::TempDir dir;
  auto store = filled_store(dir / "bench.db", deliveries);
  boost::asio::io_context io;
  util::SystemClock clock;
  fetch::CurlClient client(io, client_options(concurrency));
  alert::WorkerOptions options;
  options.max_in_flight_per_endpoint = concurrency;
  alert::DeliveryWorker worker(io, *store, client, clock, options);
  alert::Endpoint endpoint;
  endpoint.name = "bench";
  endpoint.url = server.url("/hook");
  endpoint.secrets = {k_secret};
  (void)worker.set_endpoints({endpoint});
  const auto measurement = measure([&] {
    worker.start();
    run_until(io,
              [&] { return worker.metrics().delivered >= static_cast<std::uint64_t>(deliveries); });
  });
  bool stopped = false;
  worker.stop(std::chrono::milliseconds(0), [&] { stopped = true; });
  run_until(io, [&] { return stopped; });
  return measurement;
}

Measurement through_client_alone(const test::HttpServer& server, int requests, int concurrency) {
  boost::asio::io_context io;
  fetch::CurlClient client(io, client_options(concurrency));
  alert::Message message;
  message.entries.emplace_back();
  auto& alert = message.entries.back().alert;
  alert.story.title = "Story 1: Abrams tanks for Ukraine";
  alert.matches.push_back({});
  alert.matches.back().match.rule_id = "abrams-for-ukraine";
  const std::string body = alert::render_payload(alert::Format::json, message);
  const auto key = alert::parse_signing_key(k_secret).value();
  int started = 0;
  int finished = 0;
  std::function<void()> start_one = [&] {
    fetch::Request request;
    request.url = server.url("/hook");
    request.method = fetch::Method::post;
    request.body = body;
    request.limits.max_redirects = 0;
    request.headers = {{"Content-Type", "application/json"},
                       {"webhook-id", "msg_bench"},
                       {"webhook-timestamp", "1675069920"},
                       {"webhook-signature", alert::sign(key, "msg_bench", 1675069920, body)}};
    ++started;
    client.start(std::move(request), [&](fetch::Response) {
      ++finished;
      if (started < requests) start_one();
    });
  };
  return measure([&] {
    for (int i = 0; i < concurrency && started < requests; ++i) start_one();
    run_until(io, [&] { return finished == requests; });
  });
}

}  // namespace

int run_throughput(int deliveries) {
  test::HttpServer server;
  server.set_recording(test::Recording::off);
  server.set("/hook", test::Reply::status_only(204));
  std::printf("bench/deliver throughput: %d deliveries to a local receiver answering 204\n\n",
              deliveries);
  std::printf(
      "| in flight | outbox deliveries/s | outbox CPU µs each | client alone requests/s | "
      "client alone CPU µs each |\n|---:|---:|---:|---:|---:|\n");
  const double count = deliveries;
  for (const int concurrency : {1, 4, 16}) {
    const auto outbox = through_outbox(server, deliveries, concurrency);
    const auto alone = through_client_alone(server, deliveries, concurrency);
    std::printf("| %d | %.0f | %.0f | %.0f | %.0f |\n", concurrency, count / outbox.wall_seconds,
                outbox.cpu_seconds / count * 1e6, count / alone.wall_seconds,
                alone.cpu_seconds / count * 1e6);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace newsmon::bench
