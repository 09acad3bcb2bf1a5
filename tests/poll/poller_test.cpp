// The poller on the fake HTTP client: every answer is scripted per URL, so what the poller
// does with each one (results, backoff, schedule, discovery, politeness, stopping) is
// checked exactly and fast. What only real HTTP shows is in poller_http_test.cpp.

#include <catch2/catch.hpp>

#include "tests/poll/poller_fixture.h"
#include "tests/support/process.h"

using namespace newsmon;
using poll::PollResult;
using std::chrono::seconds;
using test::FakeHttpClient;
using test::Harness;
using test::k_poll_start;
using test::sample;

namespace {

constexpr store::Epoch k_start = k_poll_start;

fetch::Response rss_reply(const std::string& body) {
  return FakeHttpClient::ok(body, "application/rss+xml");
}

// A feed served with an ETag, answered 304 when the request sends that ETag back.
FakeHttpClient::Handler feed_with_etag(const std::string& file, const std::string& etag) {
  return [file, etag](const fetch::Request& request) {
    if (request.if_none_match == etag) return FakeHttpClient::status(304);
    auto reply = rss_reply(sample(file));
    reply.headers.emplace_back("etag", etag);
    return reply;
  };
}

}  // namespace

TEST_CASE("429 and 503 are honoured with Retry-After in seconds or as a date", "[poller]") {
  Harness harness;
  const std::string url = "https://busy.example.org/feed";
  SECTION("seconds") {
    harness.fake.set(url, FakeHttpClient::status(429, {{"retry-after", "3600"}}));
    harness.set_feeds({url});
    harness.poll();
    const auto state = harness.feed(url);
    CHECK(state.last_result == PollResult::throttled);
    CHECK(state.last_http_status == 429);
    CHECK(state.consecutive_failures == 1);
    CHECK(state.next_poll_at >= k_start + 3600);
    CHECK(state.next_poll_at <= k_start + 3960);
    CHECK_THAT(state.last_error, Catch::Contains("Retry-After: 3600"));
  }
  SECTION("an HTTP date") {
    harness.fake.set(
        url, FakeHttpClient::status(503, {{"retry-after", "Mon, 30 Jan 2023 11:12:00 GMT"}}));
    harness.set_feeds({url});
    harness.poll();
    const auto state = harness.feed(url);
    CHECK(state.last_result == PollResult::throttled);
    CHECK(state.next_poll_at >= k_start + 7200);
    CHECK(state.next_poll_at <= k_start + 7920);
  }
}

TEST_CASE("Server errors back off and the feed recovers", "[poller]") {
  Harness harness;
  const std::string url = "https://flaky.example.org/feed";
  bool broken = true;
  harness.fake.set(url, [&](const fetch::Request&) {
    return broken ? FakeHttpClient::status(500) : rss_reply(sample("feed.rss"));
  });
  harness.set_feeds({url});
  std::vector<store::Epoch> delays;
  for (int i = 0; i < 4; ++i) {
    harness.poll();
    const auto state = harness.feed(url);
    CHECK(state.consecutive_failures == i + 1);
    CHECK(state.last_result == PollResult::http_error);
    CHECK_THAT(state.last_error, Catch::Contains("HTTP 500"));
    delays.push_back(state.next_poll_at - harness.now());
    harness.clock.set(util::from_epoch_seconds(state.next_poll_at));
  }
  CHECK(delays == std::vector<store::Epoch>{90, 180, 360, 720});
  broken = false;
  harness.run_pass(true);
  const auto state = harness.feed(url);
  CHECK(state.consecutive_failures == 0);
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_success_at == harness.now());
}

TEST_CASE("An HTML page instead of a feed is reported, or followed to its feed", "[poller]") {
  Harness harness;
  const std::string wall_url = "https://wall.example.org/wall";
  const std::string site_url = "https://wire.example.org/site";
  const std::string feed_url = "https://wire.example.org/feed.rss";
  harness.fake.set(wall_url,
                   FakeHttpClient::ok(sample("bot-wall.html"), "text/html; charset=utf-8"));
  harness.fake.set(site_url, FakeHttpClient::ok(sample("site.html"), "text/html"));
  harness.fake.set(feed_url, rss_reply(sample("feed.rss")));
  harness.set_feeds({wall_url, site_url});
  harness.poll();

  const auto wall = harness.feed(wall_url);
  CHECK(wall.last_result == PollResult::html_page);
  CHECK(wall.consecutive_failures == 1);
  CHECK_THAT(wall.last_error, Catch::Contains("HTML page instead of a feed"));

  const auto site = harness.feed(site_url);
  CHECK(site.url == feed_url);
  CHECK(site.last_result == PollResult::ok);
  CHECK(site.last_new_items == 3);

  SECTION("a feed that worked before is not re-resolved") {
    harness.fake.set(feed_url, FakeHttpClient::ok(sample("site.html"), "text/html"));
    harness.poll();
    const auto after = harness.feed(site_url);
    CHECK(after.url == feed_url);
    CHECK(after.last_result == PollResult::html_page);
  }
}

TEST_CASE("When every feed fails at once the failures are not counted", "[poller]") {
  const std::string first = "http://127.0.0.1:9/a.rss";
  const std::string second = "http://localhost:9/b.rss";
  Harness harness;
  const auto refused =
      FakeHttpClient::failure(fetch::Outcome::connect_failed, "Connection refused");
  harness.fake.set(first, refused);
  harness.fake.set(second, refused);
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
    const std::string working = "https://wire.example.org/feed.rss";
    harness.fake.set(working, rss_reply(sample("feed.rss")));
    harness.set_feeds({first, second, working});
    harness.poll();
    CHECK(harness.feed(first).consecutive_failures == 1);
    CHECK(harness.feed(second).consecutive_failures == 1);
    CHECK(harness.poller->counters().network_outages == 0);
  }
}

TEST_CASE("A failed ingest keeps the old validators so nothing is lost", "[poller]") {
  Harness harness;
  const std::string url = "https://wire.example.org/feed.rss";
  harness.fake.set(url, feed_with_etag("feed.rss", "\"v1\""));
  harness.set_feeds({url});
  harness.fail_ingest = true;
  harness.poll();
  auto state = harness.feed(url);
  CHECK(state.last_result == PollResult::internal_error);
  CHECK(state.etag.empty());
  CHECK(state.consecutive_failures == 0);
  CHECK(state.next_poll_at == k_start + 120);
  CHECK_THAT(state.last_error, Catch::Contains("disk full"));

  harness.fail_ingest = false;
  harness.poll();
  CHECK(harness.fake.requests(url).at(1).if_none_match.empty());
  state = harness.feed(url);
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_new_items == 3);
  CHECK(state.etag == "\"v1\"");
}

TEST_CASE("A feed cut short keeps the validators of the last whole read", "[poller]") {
  Harness harness;
  const std::string url = "https://wire.example.org/feed.rss";
  const std::string whole = test::rss({"a", "b", "c"});
  const std::string cut = whole.substr(0, whole.find("</item>") + 7);  // only "a"
  harness.fake.set(url, [&](const fetch::Request& request) {
    if (request.if_none_match == "\"v2\"") return FakeHttpClient::status(304);
    auto reply = rss_reply(cut);
    reply.headers.emplace_back("etag", "\"v2\"");
    return reply;
  });
  harness.set_feeds({url});
  harness.poll();
  auto state = harness.feed(url);
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_new_items == 1);
  CHECK_THAT(state.last_error, Catch::Contains("malformed") && Catch::Contains("asked for again"));
  CHECK(state.etag.empty());  // with "v2" kept, the next poll would be a 304 and b, c lost

  harness.fake.set(url, [&](const fetch::Request& request) {
    if (request.if_none_match == "\"v2\"") return FakeHttpClient::status(304);
    auto reply = rss_reply(whole);
    reply.headers.emplace_back("etag", "\"v2\"");
    return reply;
  });
  harness.clock.advance(std::chrono::hours(1));
  harness.poll();
  CHECK(harness.fake.requests(url).at(1).if_none_match.empty());
  state = harness.feed(url);
  CHECK(state.last_new_items == 2);
  CHECK(state.etag == "\"v2\"");
}

TEST_CASE("A charset read other than declared is said in the feed's state", "[poller]") {
  Harness harness;
  const std::string url = "https://wire.example.org/feed.rss";
  harness.fake.set(url, [](const fetch::Request&) {
    return FakeHttpClient::ok(test::rss({"caf\xe9"}), "application/rss+xml; charset=utf-8");
  });
  harness.set_feeds({url});
  harness.poll();
  const auto state = harness.feed(url);
  CHECK(state.last_result == PollResult::ok);
  CHECK_THAT(state.last_error, Catch::Contains("declared as utf-8, read as windows-1252"));
}

TEST_CASE("The feed's ttl and skipHours set its next poll, also across 304s", "[poller]") {
  Harness harness;
  const std::string url = "https://gazette.example.org/gazette.rss";
  harness.fake.set(url, feed_with_etag("ttl.rss", "\"g\""));
  const store::Epoch evening = 1675117800;  // Mon, 30 Jan 2023 22:30:00 GMT
  harness.clock.set(util::from_epoch_seconds(evening));
  harness.set_feeds({url});
  harness.poll();
  auto state = harness.feed(url);
  CHECK(state.interval_seconds == 3600);
  CHECK(state.next_poll_at == evening + 3600);

  // At 23:30 the ttl says 00:30, but 00:00..02:59 are skipped: the poll waits for 03:00.
  harness.clock.set(util::from_epoch_seconds(state.next_poll_at));
  harness.poll();
  state = harness.feed(url);
  CHECK(state.last_result == PollResult::not_modified);
  CHECK(state.interval_seconds == 3600);
  CHECK(state.next_poll_at == evening + 4 * 3600 + 1800);
}

TEST_CASE("Adaptive intervals: a fast feed is polled often, a slow one rarely", "[poller]") {
  Harness harness;
  const std::string fast_url = "https://fast.example.org/fast";
  const std::string slow_url = "https://slow.example.org/slow";
  // The fast feed publishes every minute, the slow one every 12 hours; both are polled
  // whenever the scheduler says, with the fake clock jumping to that moment.
  const auto feed_at = [&](store::Epoch gap) {
    return [&harness, gap](const fetch::Request&) {
      const store::Epoch now = harness.now();
      std::vector<std::string> ids;
      for (store::Epoch at = now - now % gap; ids.size() < 10; at -= gap)
        ids.push_back(std::to_string(at));
      return rss_reply(test::rss(ids, now - now % gap, gap));
    };
  };
  harness.fake.set(fast_url, feed_at(60));
  harness.fake.set(slow_url, feed_at(12 * 3600));
  harness.set_feeds({fast_url, slow_url});
  harness.poll();
  const store::Epoch end = k_start + 86400;
  while (harness.now() < end) {
    store::Epoch next = end;
    const auto feeds = harness.store->feeds().value();
    for (const auto& state : feeds) next = std::min(next, state.next_poll_at);
    harness.clock.set(util::from_epoch_seconds(next));
    harness.run_pass(true);
  }
  const auto fast = harness.feed(fast_url);
  const auto slow = harness.feed(slow_url);
  CHECK(fast.interval_seconds == 120);
  CHECK(slow.interval_seconds == 6 * 3600);
  CHECK(harness.fake.count(fast_url) > 500);
  CHECK(harness.fake.count(slow_url) < 10);
}

TEST_CASE("Polls at once stay within the per-host and total limits", "[poller]") {
  poll::HttpConfig http;
  http.per_host = 3;
  Harness harness(http);
  harness.options.max_in_flight = 5;
  harness.poller.emplace(harness.io, harness.fake, *harness.store, *harness.scheduler,
                         harness.clock, harness.options,
                         [&](const store::FeedState& feed, feed::ParsedFeed&& parsed) {
                           return harness.ingest(feed, std::move(parsed));
                         });
  std::vector<std::string> urls;
  for (int i = 0; i < 20; ++i) {
    for (const auto* host : {"a.example.org", "b.example.org"}) {
      urls.push_back(fmt::format("https://{}/feed-{}.rss", host, i));
      harness.fake.set(urls.back(), rss_reply(sample("feed.rss")));
    }
  }
  harness.set_feeds(urls);
  harness.poll();
  CHECK(harness.fake.requests().size() == 40);
  CHECK(harness.fake.peak_in_flight("a.example.org") == 3);
  CHECK(harness.fake.peak_in_flight("b.example.org") == 3);
  CHECK(harness.fake.peak_in_flight() == 5);
  CHECK(harness.poller->counters().new_items == 120);
}

TEST_CASE("A reload adds, removes and keeps feeds", "[poller]") {
  Harness harness;
  harness.fake.set_fallback([](const fetch::Request&) {
    auto reply = rss_reply(sample("feed.rss"));
    reply.headers.emplace_back("etag", "\"e\"");
    return reply;
  });
  const std::string a = "https://wire.example.org/a.rss";
  const std::string b = "https://wire.example.org/b.rss";
  const std::string c = "https://wire.example.org/c.rss";
  harness.set_feeds({a, b});
  harness.poll();
  harness.set_feeds({a, c});
  harness.poll();
  CHECK(harness.fake.count(a) == 2);
  CHECK(harness.fake.count(b) == 1);
  CHECK(harness.fake.count(c) == 1);
  CHECK(harness.fake.requests(a).at(1).if_none_match == "\"e\"");
  CHECK(harness.fake.requests(c).at(0).if_none_match.empty());
  const auto feeds = harness.poller->feeds();
  REQUIRE(feeds.size() == 2);
}

TEST_CASE("stop() cancels polls in flight and leaves their feeds as they were", "[poller]") {
  Harness harness;
  const std::string url = "https://silent.example.org/silent";
  harness.fake.hold(url);
  harness.set_feeds({url});
  bool done = false;
  harness.poller->poll_all_once([&] { done = true; });
  REQUIRE(test::wait_until([&] {
    harness.io.run_for(std::chrono::milliseconds(5));
    return harness.fake.count(url) == 1;
  }));
  harness.poller->stop();
  harness.io.restart();
  harness.io.poll();
  CHECK(done);
  CHECK(harness.poller->counters().in_flight == 0);
  CHECK(harness.fake.cancelled() == 1);
  const auto state = harness.feed(url);
  CHECK_FALSE(state.last_result);
  CHECK(state.last_poll_at == 0);
}

TEST_CASE("Stopping the poller leaves other transfers on its client running", "[poller]") {
  Harness harness;
  const std::string feed_url = "https://silent.example.org/feed";
  const std::string hook_url = "https://hooks.example.org/analysts";
  harness.fake.hold(feed_url);
  harness.fake.hold(hook_url);
  std::optional<fetch::Outcome> webhook;
  fetch::Request post;
  post.url = hook_url;
  post.method = fetch::Method::post;
  harness.fake.start(post, [&](fetch::Response response) { webhook = response.outcome; });
  harness.set_feeds({feed_url});
  harness.poller->poll_all_once([] {});
  REQUIRE(test::wait_until([&] {
    harness.io.run_for(std::chrono::milliseconds(5));
    return harness.fake.count(feed_url) == 1;
  }));
  harness.poller->stop();
  CHECK(harness.fake.cancelled() == 1);
  CHECK(harness.fake.in_flight() == 1);
  CHECK_FALSE(webhook);
  harness.fake.release(hook_url);
  harness.io.restart();
  harness.io.poll();
  CHECK(webhook == fetch::Outcome::completed);
}
