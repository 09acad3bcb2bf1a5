// The poller over real HTTP: curl against the loopback Beast server, for what only the
// wire shows (validators byte for byte, redirects followed by the client, timeouts, body
// limits and gzip bombs, connections per host) and for run() on the system clock.

#include <catch2/catch.hpp>

#include "tests/poll/poller_fixture.h"
#include "tests/support/fault_server.h"
#include "tests/support/http_server.h"
#include "tests/support/process.h"

using namespace newsmon;
using poll::PollResult;
using std::chrono::seconds;
using test::Behaviour;
using test::HttpServer;
using test::RecordedRequest;
using test::Reply;
using test::sample;

namespace {

constexpr store::Epoch k_start = test::k_poll_start;

// The harness with curl as its client.
struct Harness : test::Harness {
  explicit Harness(poll::HttpConfig http = {}) : test::Harness(http, {}, test::Wire::loopback) {}
};

}  // namespace

TEST_CASE("A feed is stored, then answered with 304 using byte-exact validators", "[poller]") {
  HttpServer server;
  const std::string etag = "W/\"feed-v1; q=\\\"odd\\\"\"";
  const std::string modified = "Mon, 30 Jan 2023 09:00:00 GMT";
  server.set("/feed.rss", [&](const RecordedRequest& request) {
    if (request.header("if-none-match") == etag) return Reply::status_only(304);
    return Reply::ok(sample("feed.rss"), "application/rss+xml; charset=utf-8")
        .header("ETag", etag)
        .header("Last-Modified", modified);
  });
  Harness harness;
  const auto url = server.url("/feed.rss");
  harness.set_feeds({url});
  harness.poll();

  auto state = harness.feed(url);
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_http_status == 200);
  CHECK(state.last_new_items == 3);
  CHECK(state.etag == etag);
  CHECK(state.last_modified == modified);
  CHECK(state.title == "Test Wire");
  CHECK(state.last_success_at == k_start);
  CHECK(state.next_poll_at > k_start);
  CHECK(state.publish_gap_seconds == Approx(1200));  // the items are 20 minutes apart

  harness.clock.advance(std::chrono::minutes(10));
  harness.poll();
  const auto second = server.requests("/feed.rss").at(1);
  CHECK(second.header("if-none-match") == etag);
  CHECK(second.header("if-modified-since") == modified);
  state = harness.feed(url);
  CHECK(state.last_result == PollResult::not_modified);
  CHECK(state.last_http_status == 304);
  CHECK(state.last_new_items == 0);
  CHECK(state.etag == etag);
  CHECK(harness.ingest_calls == 1);
  const auto counters = harness.poller->counters();
  CHECK(counters.polls[static_cast<std::size_t>(PollResult::ok)] == 1);
  CHECK(counters.polls[static_cast<std::size_t>(PollResult::not_modified)] == 1);
  CHECK(counters.new_items == 3);
  CHECK(counters.wire_bytes > sample("feed.rss").size());
  CHECK(counters.poll_seconds_buckets.back() == 2);
}

TEST_CASE("A permanent redirect seen twice moves the feed; a temporary one never does",
          "[poller]") {
  HttpServer server;
  server.set("/new.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
  Harness harness;
  SECTION("301") {
    server.set("/old.rss", Reply::redirect(301, "/new.rss"));
    harness.set_feeds({server.url("/old.rss")});
    harness.poll();
    auto state = harness.feed(server.url("/old.rss"));
    CHECK(state.url == server.url("/old.rss"));
    CHECK(state.redirect_candidate == server.url("/new.rss"));
    CHECK(state.redirect_streak == 1);
    harness.poll();
    state = harness.feed(server.url("/old.rss"));
    CHECK(state.url == server.url("/new.rss"));
    CHECK(state.redirect_streak == 0);
    CHECK(harness.poller->counters().permanent_moves == 1);
    harness.poll();
    CHECK(server.request_count("/old.rss") == 2);
    CHECK(server.request_count("/new.rss") == 3);
  }
  SECTION("308") {
    server.set("/old.rss", Reply::redirect(308, "/new.rss"));
    harness.set_feeds({server.url("/old.rss")});
    harness.poll();
    harness.poll();
    CHECK(harness.feed(server.url("/old.rss")).url == server.url("/new.rss"));
  }
  SECTION("302 and 307") {
    server.set("/old.rss", Reply::redirect(302, "/temp.rss"));
    server.set("/temp.rss", Reply::redirect(307, "/new.rss"));
    harness.set_feeds({server.url("/old.rss")});
    for (int i = 0; i < 3; ++i) harness.poll();
    const auto state = harness.feed(server.url("/old.rss"));
    CHECK(state.url == server.url("/old.rss"));
    CHECK(state.redirect_streak == 0);
    CHECK(state.last_result == PollResult::ok);
  }
  SECTION("a permanent redirect that is not seen again") {
    bool moved = true;
    server.set("/old.rss", [&](const RecordedRequest&) {
      return moved ? Reply::redirect(301, "/new.rss")
                   : Reply::ok(sample("feed.rss"), "application/rss+xml");
    });
    harness.set_feeds({server.url("/old.rss")});
    harness.poll();
    moved = false;
    harness.poll();
    moved = true;
    harness.poll();
    const auto state = harness.feed(server.url("/old.rss"));
    CHECK(state.url == server.url("/old.rss"));
    CHECK(state.redirect_streak == 1);
  }
}

TEST_CASE("A redirect loop and a redirect to another scheme are failures", "[poller]") {
  HttpServer server;
  server.set("/a", Reply::redirect(302, "/b"));
  server.set("/b", Reply::redirect(302, "/a"));
  server.set("/ftp", Reply::redirect(301, "ftp://127.0.0.1/feed"));
  Harness harness;
  harness.set_feeds({server.url("/a"), server.url("/ftp")});
  harness.poll();
  const auto loop = harness.feed(server.url("/a"));
  CHECK(loop.last_result == PollResult::redirect_loop);
  CHECK(loop.consecutive_failures == 1);
  CHECK_THAT(loop.last_error, Catch::Contains("redirects"));
  const auto ftp = harness.feed(server.url("/ftp"));
  CHECK(ftp.last_result == PollResult::bad_url);
  CHECK_THAT(ftp.last_error, Catch::Contains("ftp://127.0.0.1/feed"));
}

TEST_CASE("Silent, slow, oversized and gzip-bomb feeds fail with clear messages", "[poller]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  Reply big = Reply::ok(std::string(300'000, 'x'), "application/rss+xml");
  server.set("/big", big);
  // Compressed once, here: compressing 4 MiB for each request could take longer, under
  // a sanitizer on a busy machine, than the poll's timeout.
  server.set("/bomb", newsmon::test::faults::gzip_bomb(4u << 20, "application/rss+xml"));
  server.set("/feed.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
  poll::HttpConfig http;
  http.max_body = 100'000;
  Harness harness(http);
  harness.set_feeds(
      {server.url("/silent"), server.url("/big"), server.url("/bomb"), server.url("/feed.rss")});
  harness.poll();
  const auto silent_state = harness.feed(server.url("/silent"));
  CHECK(silent_state.last_result == PollResult::timeout);
  CHECK(silent_state.consecutive_failures == 1);
  CHECK_THAT(silent_state.last_error, Catch::Contains("retries with backoff"));
  for (const auto* path : {"/big", "/bomb"}) {
    const auto state = harness.feed(server.url(path));
    CHECK(state.last_result == PollResult::too_large);
    CHECK_THAT(state.last_error, Catch::Contains("http.max_body"));
  }
  CHECK(harness.feed(server.url("/feed.rss")).last_result == PollResult::ok);
}

TEST_CASE("Many feeds are polled at once within the per-host limit", "[poller]") {
  HttpServer server;
  Reply reply = Reply::ok(sample("feed.rss"), "application/rss+xml");
  reply.delay = std::chrono::milliseconds(30);
  server.set_fallback([reply](const RecordedRequest&) { return reply; });
  poll::HttpConfig http;
  http.per_host = 6;
  Harness harness(http);
  std::vector<std::string> urls;
  for (int i = 0; i < 60; ++i) urls.push_back(server.url("/feed-" + std::to_string(i) + ".rss"));
  harness.set_feeds(urls);
  harness.poll();
  CHECK(server.request_count() == 60);
  CHECK(server.connection_count() <= 6);
  CHECK(server.connection_count() >= 2);
  const auto feeds = harness.store->feeds().value();
  for (const auto& state : feeds) CHECK(state.last_result == PollResult::ok);
  CHECK(harness.poller->counters().new_items == 180);
}

TEST_CASE("run() keeps polling each feed when it is due", "[poller]") {
  HttpServer server;
  server.set("/feed.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
  test::TempDir dir;
  auto store = store::open_sqlite_store(dir / "newsmon.db").value();
  util::SystemClock clock;
  poll::Scheduler scheduler({}, clock, poll::make_random_source());
  boost::asio::io_context io;
  fetch::CurlClient client(io, {});
  poll::Poller poller(io, client, *store, scheduler, clock, {},
                      [](const store::FeedState&, feed::ParsedFeed&& parsed) {
                        return util::Result<int>(static_cast<int>(parsed.items.size()));
                      });
  REQUIRE(poller.set_feeds({poll::FeedConfig{server.url("/feed.rss"), seconds(1), {}, {}, {}, 0}})
              .ok());
  poller.run();
  CHECK(test::wait_until([&] {
    io.run_for(std::chrono::milliseconds(20));
    return server.request_count("/feed.rss") >= 3;
  }));
  poller.stop();
}
