// The poller with a store shared by several daemons: a host's slots held by another
// daemon count against its http.per_host.

#include <catch2/catch.hpp>

#include "tests/poll/poller_fixture.h"
#include "tests/support/postgres_cluster.h"

namespace newsmon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::k_poll_start;

constexpr const char* k_host = "busy.example";

store::InstanceInfo instance(const std::string& id, std::int64_t pid) {
  return {id, "host-a", pid, k_poll_start, k_poll_start};
}

// Runs the loop until the condition holds or 20 s have passed.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& condition) {
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  while (!condition() && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(milliseconds(50));
  }
  return condition();
}

TEST_CASE("A poll waits for a host slot that another daemon holds, and starts once it is free",
          "[poll][shared_slots][postgres]") {
  auto* cluster = test::PostgresCluster::instance();
  if (!cluster) {
    WARN("skipped: " << test::PostgresCluster::unavailable_reason());
    return;
  }
  const std::string url = cluster->create_database();
  auto mine = store::open_store(url).value();
  auto other = store::open_store(url).value();
  REQUIRE(mine->register_instance(instance("mine", 100), 0).ok());
  REQUIRE(other->register_instance(instance("other", 200), 0).ok());

  util::FakeClock clock{util::from_epoch_seconds(k_poll_start)};
  poll::Scheduler scheduler({}, clock, [] { return 0.5; });
  boost::asio::io_context io;
  test::FakeHttpClient fake{io};
  std::vector<poll::FeedConfig> feeds;
  for (int i = 0; i < 4; ++i) {
    const auto feed_url = fmt::format("https://{}/feed-{}.xml", k_host, i);
    fake.set(feed_url, test::FakeHttpClient::ok(test::rss({"a"}), "application/rss+xml"));
    fake.hold(feed_url);
    feeds.push_back(poll::FeedConfig{feed_url, {}, {}, {}, {}, 0});
  }
  poll::PollerOptions options;
  options.http.per_host = 2;
  poll::Poller poller(io, fake, *mine, scheduler, clock, options,
                      [](const store::FeedState&, feed::ParsedFeed&&) { return 0; });
  REQUIRE(poller.set_feeds(feeds).ok());

  // The other daemon polls the host under one of its two slots: one poll here at a time.
  REQUIRE(other->take_host_slot(k_host, 2, k_poll_start, seconds(60)).value() == 0);
  bool done = false;
  poller.poll_all_once([&] { done = true; });
  REQUIRE(run_until(io, [&] { return fake.held() == 1; }));
  // Time to ask again a few times (100 ms apart at first): still one.
  io.restart();
  io.run_for(milliseconds(400));
  CHECK(fake.held() == 1);
  CHECK(fake.peak_in_flight(k_host) == 1);
  CHECK(test::pg_query(url, "SELECT instance, slot FROM host_slots ORDER BY slot") ==
        std::vector<test::Row>{{"other", "0"}, {"mine", "1"}});

  // Its poll ends: the second slot here is taken at the next try.
  REQUIRE(other->release_host_slot(k_host, 0).ok());
  REQUIRE(run_until(io, [&] { return fake.held() == 2; }));
  fake.release();
  REQUIRE(run_until(io, [&] { return done; }));
  CHECK(fake.peak_in_flight(k_host) == 2);
  // Every slot taken here was given back.
  CHECK(test::pg_query(url, "SELECT count(*) FROM host_slots") == std::vector<test::Row>{{"0"}});
}

}  // namespace
}  // namespace newsmon
