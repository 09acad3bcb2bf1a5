// CurlClient: many transfers on one io_context and one connection pool, cancelled one by
// one or all at once. What each transfer does with its request is in transfer_test.cpp.

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "daemon/fetch/curl_client.h"
#include "tests/fetch/client_helpers.h"
#include "tests/support/http_server.h"

namespace asio = boost::asio;
using namespace newsmon::fetch;
using namespace newsmon::fetch::test;
using newsmon::test::Behaviour;
using newsmon::test::HttpServer;
using newsmon::test::Reply;

TEST_CASE("Many transfers run at once within the connection limits", "[fetch]") {
  HttpServer server;
  Reply slow_enough = Reply::ok("x");
  slow_enough.delay = std::chrono::milliseconds(20);
  server.set("/feed", slow_enough);
  std::vector<Request> requests;
  for (int i = 0; i < 120; ++i) requests.push_back(get(server.url("/feed?n=" + std::to_string(i))));

  SECTION("up to the per-host limit in parallel") {
    ClientOptions options;
    options.per_host = 16;
    const auto responses = fetch_all(requests, options);
    for (const auto& response : responses) CHECK(response.status == 200);
    CHECK(server.request_count() == 120);
    CHECK(server.connection_count() > 2);
    CHECK(server.connection_count() <= 16);
  }
  SECTION("never more than the per-host limit") {
    ClientOptions options;
    options.per_host = 2;
    const auto responses = fetch_all(requests, options);
    for (const auto& response : responses) CHECK(response.status == 200);
    CHECK(server.connection_count() <= 2);
  }
}

TEST_CASE("Cancelling ends transfers in flight with a cancelled outcome", "[fetch]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  asio::io_context io;
  CurlClient client(io, {});
  std::vector<Outcome> outcomes;
  for (int i = 0; i < 3; ++i) {
    client.start(get(server.url("/silent")),
                 [&](Response response) { outcomes.push_back(response.outcome); });
  }
  CHECK(client.in_flight() == 3);
  io.run_for(std::chrono::milliseconds(1));  // let the requests go out
  client.cancel_all();
  CHECK(client.in_flight() == 0);
  REQUIRE(outcomes.size() == 3);
  for (auto outcome : outcomes) CHECK(outcome == Outcome::cancelled);
}

TEST_CASE("Cancelling one transfer leaves the others of a shared client running", "[fetch]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  Reply slow = Reply::ok("late");
  slow.delay = std::chrono::milliseconds(50);
  server.set("/slow", slow);
  asio::io_context io;
  CurlClient client(io, {});
  std::vector<std::string> finished;
  const auto poll = client.start(get(server.url("/silent")), [&](Response response) {
    finished.push_back(std::string("silent ") + outcome_name(response.outcome));
  });
  client.start(get(server.url("/slow")),
               [&](Response response) { finished.push_back("slow " + response.body); });
  io.run_for(std::chrono::milliseconds(1));
  client.cancel(poll);
  CHECK(finished == std::vector<std::string>{"silent cancelled"});
  CHECK(client.in_flight() == 1);
  client.cancel(poll);  // already over: nothing happens
  CHECK(finished.size() == 1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (finished.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(std::chrono::milliseconds(100));
  }
  CHECK(finished == std::vector<std::string>{"silent cancelled", "slow late"});
}

TEST_CASE("A request that is never answered does not hold up others to the same host", "[fetch]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  server.set("/feed", Reply::ok("x"));
  asio::io_context io;
  ClientOptions options;
  options.per_host = 2;
  CurlClient client(io, options);
  std::vector<std::string> finished;
  Request stuck = get(server.url("/silent"));
  stuck.limits.total_timeout = std::chrono::seconds(20);
  client.start(stuck, [&](Response) { finished.push_back("silent"); });
  for (int i = 0; i < 3; ++i) {
    client.start(get(server.url("/feed")), [&](Response response) {
      finished.push_back(std::to_string(response.status));
      if (finished.size() == 3) io.stop();
    });
  }
  io.run_for(std::chrono::seconds(15));
  CHECK(finished == std::vector<std::string>{"200", "200", "200"});
}
