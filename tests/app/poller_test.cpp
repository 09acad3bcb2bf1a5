#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "daemon/app/poller.h"
#include "daemon/util/text.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using app::PollResult;
using std::chrono::seconds;
using test::Behaviour;
using test::HttpServer;
using test::RecordedRequest;
using test::Reply;

namespace {

constexpr store::Epoch k_start = 1675069920;  // Mon, 30 Jan 2023 09:12:00 GMT

std::string sample(const std::string& name) {
  return util::read_file(test::data_dir() / "fetch" / name).value();
}

std::string rss(const std::vector<std::string>& ids, store::Epoch newest = k_start,
                store::Epoch gap = 600) {
  std::string items;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    items += fmt::format(
        "<item><guid>{}</guid><title>Story {}</title><link>https://example.org/{}</link>"
        "<pubDate>{}</pubDate></item>",
        ids[i], ids[i], ids[i], util::format_rfc3339(newest - static_cast<store::Epoch>(i) * gap));
  }
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
         "<link>https://example.org/</link><description>d</description>" +
         items + "</channel></rss>";
}

// One poller over a real SQLite store, a fake clock and an ingest callback that stores
// items (without matches) and counts them.
struct Harness {
  explicit Harness(app::HttpConfig http = {}, app::ScheduleConfig schedule = {}) {
    http.timeout = std::chrono::milliseconds(2000);
    options.http = http;
    scheduler.emplace(schedule, clock, [] { return 0.5; });
    poller.emplace(io, *store, *scheduler, clock, options,
                   [this](const store::FeedState& feed, feed::ParsedFeed&& parsed) {
                     return ingest(feed, std::move(parsed));
                   });
  }

  util::Result<int> ingest(const store::FeedState& feed, feed::ParsedFeed&& parsed) {
    ++ingest_calls;
    if (fail_ingest) return util::make_error("disk full");
    std::vector<store::IncomingItem> items;
    for (auto& item : parsed.items) {
      store::IncomingItem incoming;
      incoming.item = std::move(item);
      items.push_back(std::move(incoming));
    }
    auto result = store->ingest(feed.id, std::move(items), now(), store::ClusterPolicy{});
    if (!result) return result.error();
    return result->new_items;
  }

  store::Epoch now() const { return util::to_epoch_seconds(clock.now()); }

  void set_feeds(const std::vector<std::string>& urls) {
    std::vector<app::FeedConfig> feeds;
    for (const auto& url : urls) feeds.push_back(app::FeedConfig{url, every, {}, {}, {}, 0});
    REQUIRE(poller->set_feeds(feeds).ok());
  }

  // Runs the loop until the pass is over.
  void run_pass(bool only_due) {
    bool done = false;
    const auto finish = [&done] { done = true; };
    only_due ? poller->poll_due_once(finish) : poller->poll_all_once(finish);
    io.restart();
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    while (!done && std::chrono::steady_clock::now() < deadline) {
      io.run_one_for(std::chrono::milliseconds(100));
    }
    REQUIRE(done);
  }
  void poll() { run_pass(false); }

  store::FeedState feed(const std::string& configured_url) {
    const auto feeds = store->feeds().value();
    for (const auto& state : feeds) {
      if (state.configured_url == configured_url) return state;
    }
    FAIL("no feed " << configured_url);
    return {};
  }

  test::TempDir dir;
  std::unique_ptr<store::Store> store = store::open_sqlite_store(dir / "newsmon.db").value();
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  std::optional<app::Scheduler> scheduler;
  boost::asio::io_context io;
  app::PollerOptions options;
  std::optional<app::Poller> poller;
  std::optional<seconds> every;
  int ingest_calls = 0;
  bool fail_ingest = false;
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

TEST_CASE("429 and 503 are honoured with Retry-After in seconds or as a date", "[poller]") {
  HttpServer server;
  Harness harness;
  SECTION("seconds") {
    server.set("/feed", Reply::status_only(429).header("Retry-After", "3600"));
    harness.set_feeds({server.url("/feed")});
    harness.poll();
    const auto state = harness.feed(server.url("/feed"));
    CHECK(state.last_result == PollResult::throttled);
    CHECK(state.last_http_status == 429);
    CHECK(state.consecutive_failures == 1);
    CHECK(state.next_poll_at >= k_start + 3600);
    CHECK(state.next_poll_at <= k_start + 3960);
    CHECK_THAT(state.last_error, Catch::Contains("Retry-After: 3600"));
  }
  SECTION("an HTTP date") {
    server.set("/feed",
               Reply::status_only(503).header("Retry-After", "Mon, 30 Jan 2023 11:12:00 GMT"));
    harness.set_feeds({server.url("/feed")});
    harness.poll();
    const auto state = harness.feed(server.url("/feed"));
    CHECK(state.last_result == PollResult::throttled);
    CHECK(state.next_poll_at >= k_start + 7200);
    CHECK(state.next_poll_at <= k_start + 7920);
  }
}

TEST_CASE("Server errors back off and the feed recovers", "[poller]") {
  HttpServer server;
  bool broken = true;
  server.set("/feed", [&](const RecordedRequest&) {
    return broken ? Reply::status_only(500) : Reply::ok(sample("feed.rss"), "application/rss+xml");
  });
  Harness harness;
  harness.set_feeds({server.url("/feed")});
  std::vector<store::Epoch> delays;
  for (int i = 0; i < 4; ++i) {
    harness.poll();
    const auto state = harness.feed(server.url("/feed"));
    CHECK(state.consecutive_failures == i + 1);
    CHECK(state.last_result == PollResult::http_error);
    CHECK_THAT(state.last_error, Catch::Contains("HTTP 500"));
    delays.push_back(state.next_poll_at - harness.now());
    harness.clock.set(util::from_epoch_seconds(state.next_poll_at));
  }
  CHECK(delays == std::vector<store::Epoch>{90, 180, 360, 720});
  broken = false;
  harness.run_pass(true);
  const auto state = harness.feed(server.url("/feed"));
  CHECK(state.consecutive_failures == 0);
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_success_at == harness.now());
}

TEST_CASE("An HTML page instead of a feed is reported, or followed to its feed", "[poller]") {
  HttpServer server;
  server.set("/wall", Reply::ok(sample("bot-wall.html"), "text/html; charset=utf-8"));
  server.set("/site", Reply::ok(sample("site.html"), "text/html"));
  server.set("/feed.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
  Harness harness;
  harness.set_feeds({server.url("/wall"), server.url("/site")});
  harness.poll();

  const auto wall = harness.feed(server.url("/wall"));
  CHECK(wall.last_result == PollResult::html_page);
  CHECK(wall.consecutive_failures == 1);
  CHECK_THAT(wall.last_error, Catch::Contains("HTML page instead of a feed"));

  const auto site = harness.feed(server.url("/site"));
  CHECK(site.url == server.url("/feed.rss"));
  CHECK(site.last_result == PollResult::ok);
  CHECK(site.last_new_items == 3);

  SECTION("a feed that worked before is not re-resolved") {
    server.set("/feed.rss", Reply::ok(sample("site.html"), "text/html"));
    harness.poll();
    const auto after = harness.feed(server.url("/site"));
    CHECK(after.url == server.url("/feed.rss"));
    CHECK(after.last_result == PollResult::html_page);
  }
}

TEST_CASE("When every feed fails at once the failures are not counted", "[poller]") {
  std::uint16_t port = 0;
  {
    HttpServer gone;
    port = gone.port();
  }
  const auto first = fmt::format("http://127.0.0.1:{}/a.rss", port);
  const auto second = fmt::format("http://localhost:{}/b.rss", port);
  Harness harness;
  SECTION("all feeds down") {
    harness.set_feeds({first, second});
    harness.poll();
    for (const auto& url : {first, second}) {
      const auto state = harness.feed(url);
      CHECK(state.last_result == PollResult::connect_failed);
      CHECK(state.consecutive_failures == 0);
      CHECK_THAT(state.last_error, Catch::Contains("network down"));
      CHECK(state.next_poll_at == k_start + 120);
    }
    CHECK(harness.poller->counters().network_outages == 1);
  }
  SECTION("one feed down among working ones") {
    HttpServer server;
    server.set("/feed.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
    harness.set_feeds({first, second, server.url("/feed.rss")});
    harness.poll();
    CHECK(harness.feed(first).consecutive_failures == 1);
    CHECK(harness.feed(second).consecutive_failures == 1);
    CHECK(harness.poller->counters().network_outages == 0);
  }
}

TEST_CASE("Silent, slow, oversized and gzip-bomb feeds fail with clear messages", "[poller]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  Reply big = Reply::ok(std::string(300'000, 'x'), "application/rss+xml");
  server.set("/big", big);
  Reply bomb = Reply::ok(std::string(4u << 20, ' '), "application/rss+xml");
  bomb.gzip = true;
  server.set("/bomb", bomb);
  server.set("/feed.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
  app::HttpConfig http;
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

TEST_CASE("A failed ingest keeps the old validators so nothing is lost", "[poller]") {
  HttpServer server;
  server.set("/feed.rss", [](const RecordedRequest& request) {
    if (request.header("if-none-match") == "\"v1\"") return Reply::status_only(304);
    return Reply::ok(sample("feed.rss"), "application/rss+xml").header("ETag", "\"v1\"");
  });
  Harness harness;
  harness.set_feeds({server.url("/feed.rss")});
  harness.fail_ingest = true;
  harness.poll();
  auto state = harness.feed(server.url("/feed.rss"));
  CHECK(state.last_result == PollResult::internal_error);
  CHECK(state.etag.empty());
  CHECK(state.consecutive_failures == 0);
  CHECK(state.next_poll_at == k_start + 120);
  CHECK_THAT(state.last_error, Catch::Contains("disk full"));

  harness.fail_ingest = false;
  harness.poll();
  CHECK(server.requests("/feed.rss").at(1).header("if-none-match") == std::nullopt);
  state = harness.feed(server.url("/feed.rss"));
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_new_items == 3);
  CHECK(state.etag == "\"v1\"");
}

TEST_CASE("The feed's ttl and skipHours set its next poll, also across 304s", "[poller]") {
  HttpServer server;
  server.set("/gazette.rss", [](const RecordedRequest& request) {
    if (request.header("if-none-match") == "\"g\"") return Reply::status_only(304);
    return Reply::ok(sample("ttl.rss"), "application/rss+xml").header("ETag", "\"g\"");
  });
  Harness harness;
  const store::Epoch evening = 1675117800;  // Mon, 30 Jan 2023 22:30:00 GMT
  harness.clock.set(util::from_epoch_seconds(evening));
  harness.set_feeds({server.url("/gazette.rss")});
  harness.poll();
  auto state = harness.feed(server.url("/gazette.rss"));
  CHECK(state.interval_seconds == 3600);
  CHECK(state.next_poll_at == evening + 3600);

  // At 23:30 the ttl says 00:30, but 00:00..02:59 are skipped: the poll waits for 03:00.
  harness.clock.set(util::from_epoch_seconds(state.next_poll_at));
  harness.poll();
  state = harness.feed(server.url("/gazette.rss"));
  CHECK(state.last_result == PollResult::not_modified);
  CHECK(state.interval_seconds == 3600);
  CHECK(state.next_poll_at == evening + 4 * 3600 + 1800);
}

TEST_CASE("Adaptive intervals: a fast feed is polled often, a slow one rarely", "[poller]") {
  HttpServer server;
  Harness harness;
  // The fast feed publishes every minute, the slow one every 12 hours; both are polled
  // whenever the scheduler says, with the fake clock jumping to that moment.
  const auto feed_at = [&](store::Epoch gap) {
    return [&harness, gap](const RecordedRequest&) {
      const store::Epoch now = harness.now();
      std::vector<std::string> ids;
      for (store::Epoch at = now - now % gap; ids.size() < 10; at -= gap)
        ids.push_back(std::to_string(at));
      return Reply::ok(rss(ids, now - now % gap, gap), "application/rss+xml");
    };
  };
  server.set("/fast", feed_at(60));
  server.set("/slow", feed_at(12 * 3600));
  harness.set_feeds({server.url("/fast"), server.url("/slow")});
  harness.poll();
  const store::Epoch end = k_start + 86400;
  while (harness.now() < end) {
    store::Epoch next = end;
    const auto feeds = harness.store->feeds().value();
    for (const auto& state : feeds) next = std::min(next, state.next_poll_at);
    harness.clock.set(util::from_epoch_seconds(next));
    harness.run_pass(true);
  }
  const auto fast = harness.feed(server.url("/fast"));
  const auto slow = harness.feed(server.url("/slow"));
  CHECK(fast.interval_seconds == 120);
  CHECK(slow.interval_seconds == 6 * 3600);
  CHECK(server.request_count("/fast") > 500);
  CHECK(server.request_count("/slow") < 10);
}

TEST_CASE("Many feeds are polled at once within the per-host limit", "[poller]") {
  HttpServer server;
  Reply reply = Reply::ok(sample("feed.rss"), "application/rss+xml");
  reply.delay = std::chrono::milliseconds(30);
  server.set_fallback([reply](const RecordedRequest&) { return reply; });
  app::HttpConfig http;
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

TEST_CASE("A reload adds, removes and keeps feeds", "[poller]") {
  HttpServer server;
  server.set_fallback([](const RecordedRequest&) {
    return Reply::ok(sample("feed.rss"), "application/rss+xml").header("ETag", "\"e\"");
  });
  Harness harness;
  const auto a = server.url("/a.rss");
  const auto b = server.url("/b.rss");
  const auto c = server.url("/c.rss");
  harness.set_feeds({a, b});
  harness.poll();
  harness.set_feeds({a, c});
  harness.poll();
  CHECK(server.request_count("/a.rss") == 2);
  CHECK(server.request_count("/b.rss") == 1);
  CHECK(server.request_count("/c.rss") == 1);
  CHECK(server.requests("/a.rss").at(1).header("if-none-match") == "\"e\"");
  CHECK(server.requests("/c.rss").at(0).header("if-none-match") == std::nullopt);
  const auto feeds = harness.poller->feeds();
  REQUIRE(feeds.size() == 2);
}

TEST_CASE("stop() cancels polls in flight and leaves their feeds as they were", "[poller]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  Harness harness;
  harness.set_feeds({server.url("/silent")});
  bool done = false;
  harness.poller->poll_all_once([&] { done = true; });
  REQUIRE(test::wait_until([&] {
    harness.io.run_for(std::chrono::milliseconds(5));
    return server.request_count("/silent") == 1;
  }));
  harness.poller->stop();
  harness.io.restart();
  harness.io.poll();
  CHECK(done);
  CHECK(harness.poller->counters().in_flight == 0);
  const auto state = harness.feed(server.url("/silent"));
  CHECK_FALSE(state.last_result);
  CHECK(state.last_poll_at == 0);
}

TEST_CASE("run() keeps polling each feed when it is due", "[poller]") {
  HttpServer server;
  server.set("/feed.rss", Reply::ok(sample("feed.rss"), "application/rss+xml"));
  test::TempDir dir;
  auto store = store::open_sqlite_store(dir / "newsmon.db").value();
  util::SystemClock clock;
  app::Scheduler scheduler({}, clock, app::make_random_source());
  boost::asio::io_context io;
  app::Poller poller(io, *store, scheduler, clock, {},
                     [](const store::FeedState&, feed::ParsedFeed&& parsed) {
                       return util::Result<int>(static_cast<int>(parsed.items.size()));
                     });
  REQUIRE(
      poller.set_feeds({app::FeedConfig{server.url("/feed.rss"), seconds(1), {}, {}, {}, 0}}).ok());
  poller.run();
  CHECK(test::wait_until([&] {
    io.run_for(std::chrono::milliseconds(20));
    return server.request_count("/feed.rss") >= 3;
  }));
  poller.stop();
}
