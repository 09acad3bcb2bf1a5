// The fake HttpClient keeps the contract of the real one, so tests that run on it say
// something about the daemon: answers arrive on the io_context, never from inside
// start(); a cancelled transfer hears so at once and never again.

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "tests/support/fake_http_client.h"

using namespace newsmon;
using test::FakeHttpClient;

namespace {

fetch::Request get(const std::string& url) {
  fetch::Request request;
  request.url = url;
  return request;
}

}  // namespace

TEST_CASE("The fake answers on the io_context from its script, queued answers first",
          "[fetch][fake]") {
  boost::asio::io_context io;
  FakeHttpClient client(io);
  const std::string url = "https://example.org/feed";
  client.set(url, FakeHttpClient::ok("<rss/>", "application/rss+xml"));
  client.then(url, FakeHttpClient::status(503, {{"retry-after", "5"}}));
  std::vector<fetch::Response> responses;
  const auto keep = [&](fetch::Response response) { responses.push_back(std::move(response)); };
  client.start(get(url), keep);
  client.start(get(url), keep);
  client.start(get("https://example.org/other"), keep);
  CHECK(responses.empty());
  CHECK(client.in_flight() == 3);
  io.run();
  REQUIRE(responses.size() == 3);
  CHECK(responses[0].status == 503);
  CHECK(responses[0].header("retry-after") == "5");
  CHECK(responses[1].status == 200);
  CHECK(responses[1].body == "<rss/>");
  CHECK(responses[1].effective_url == url);
  CHECK(responses[2].status == 200);  // the fallback
  CHECK(client.count(url) == 2);
  CHECK(client.in_flight() == 0);
}

TEST_CASE("The fake holds a URL's transfers until the test releases or cancels them",
          "[fetch][fake]") {
  boost::asio::io_context io;
  FakeHttpClient client(io);
  client.hold("https://slow.example.org/a");
  std::vector<std::string> finished;
  const auto first = client.start(get("https://slow.example.org/a"), [&](fetch::Response r) {
    finished.push_back(std::string("first ") + fetch::outcome_name(r.outcome));
  });
  client.start(get("https://slow.example.org/a"), [&](fetch::Response r) {
    finished.push_back(std::string("second ") + fetch::outcome_name(r.outcome));
  });
  io.run();
  CHECK(finished.empty());
  CHECK(client.held() == 2);
  CHECK(client.peak_in_flight("slow.example.org") == 2);

  client.cancel(first);
  CHECK(finished == std::vector<std::string>{"first cancelled"});
  CHECK(client.cancelled() == 1);
  CHECK(client.release() == 1);
  io.restart();
  io.run();
  CHECK(finished == std::vector<std::string>{"first cancelled", "second completed"});
  client.cancel(first);  // over: nothing happens
  CHECK(client.cancelled() == 1);
}
