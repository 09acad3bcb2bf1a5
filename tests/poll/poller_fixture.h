#pragma once
// One poller over a real SQLite store, a fake clock and an ingest callback that stores
// items (without matches) and counts them; its HTTP client is the fake one (answers
// scripted per URL) or, for the tests of what only real HTTP shows, curl against the
// loopback server.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/io_context.hpp>

#include "daemon/fetch/curl_client.h"
#include "daemon/poll/poller.h"
#include "daemon/util/text.h"
#include "tests/store/store_fixture.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/paths.h"

namespace newsmon::test {

inline constexpr store::Epoch k_poll_start = 1675069920;  // Mon, 30 Jan 2023 09:12:00 GMT

inline std::string sample(const std::string& name) {
  return util::read_file(data_dir() / "fetch" / name).value();
}

/// An RSS document with these entry ids, the newest dated `newest`, each `gap` older.
inline std::string rss(const std::vector<std::string>& ids, store::Epoch newest = k_poll_start,
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

enum class Wire { fake, loopback };

struct Harness {
  explicit Harness(poll::HttpConfig http = {}, poll::ScheduleConfig schedule = {},
                   Wire wire = Wire::fake) {
    http.timeout = std::chrono::milliseconds(2000);
    options.http = http;
    if (wire == Wire::loopback) curl.emplace(io, poll::client_options(http));
    scheduler.emplace(schedule, clock, [] { return 0.5; });
    poller.emplace(io, client(), *store, *scheduler, clock, options,
                   [this](const store::FeedState& feed, feed::ParsedFeed&& parsed) {
                     return ingest(feed, std::move(parsed));
                   });
  }

  fetch::HttpClient& client() {
    if (curl) return *curl;
    return fake;
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
    auto result = test::ingest(*store, feed.id, std::move(items), now(), {});
    if (!result) return result.error();
    return result->new_items;
  }

  store::Epoch now() const { return util::to_epoch_seconds(clock.now()); }

  void set_feeds(const std::vector<std::string>& urls) {
    std::vector<poll::FeedConfig> feeds;
    for (const auto& url : urls) feeds.push_back(poll::FeedConfig{url, every, {}, {}, {}, 0});
    REQUIRE(poller->set_feeds(feeds).ok());
  }

  // Runs the loop until the pass is over.
  void run_pass(bool only_due) {
    bool done = false;
    const auto finish = [&done] { done = true; };
    only_due ? poller->poll_due_once(finish) : poller->poll_all_once(finish);
    io.restart();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
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

  TempDir dir;
  std::unique_ptr<store::Store> store = store::open_sqlite_store(dir / "newsmon.db").value();
  util::FakeClock clock{util::from_epoch_seconds(k_poll_start)};
  std::optional<poll::Scheduler> scheduler;
  boost::asio::io_context io;
  FakeHttpClient fake{io};
  std::optional<fetch::CurlClient> curl;
  poll::PollerOptions options;
  std::optional<poll::Poller> poller;
  std::optional<std::chrono::seconds> every;
  int ingest_calls = 0;
  bool fail_ingest = false;
};

}  // namespace newsmon::test
