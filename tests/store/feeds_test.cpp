// Feeds as the scheduler keeps them across restarts.

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace newsmon;
using newsmon::test::k_start;

TEST_CASE("Syncing feeds adds new ones due at once and deactivates the ones left out", "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture(test::WithFeed::no);
  auto& store = fixture.store;
  const auto first = store->sync_feeds({"https://a/feed", "https://b/feed"}, k_start).value();
  REQUIRE(first.size() == 2);
  CHECK(first[0].configured_url == "https://a/feed");
  CHECK(first[0].url == "https://a/feed");
  CHECK(first[0].next_poll_at == k_start);
  CHECK(first[0].active);

  const auto second = store->sync_feeds({"https://b/feed", "https://c/feed"}, k_start + 60);
  REQUIRE(second.ok());
  REQUIRE(second->size() == 2);
  CHECK((*second)[0].configured_url == "https://b/feed");
  CHECK((*second)[0].id == first[1].id);  // unchanged feeds keep their identity
  CHECK((*second)[1].next_poll_at == k_start + 60);

  const auto all = store->feeds().value();
  REQUIRE(all.size() == 3);
  CHECK_FALSE(all[0].active);

  SECTION("a feed that comes back is active again with its old state") {
    auto state = all[0];
    state.etag = "\"abc\"";
    REQUIRE(store->save_feed_state(state).ok());
    const auto back = store->sync_feeds({"https://a/feed"}, k_start + 120).value();
    REQUIRE(back.size() == 1);
    CHECK(back[0].id == first[0].id);
    CHECK(back[0].active);
    CHECK(back[0].etag == "\"abc\"");
  }
}

TEST_CASE("A feed's poll state is saved and read back exactly", "[store]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  test::StoreFixture fixture;
  auto state = fixture.store->feeds().value().at(0);
  state.url = "https://feeds.example.org/moved.xml";
  state.title = "World — Ünïcode";
  state.site_link = "https://www.example.org/";
  state.etag = "W/\"5e8f-1a2b\"";
  state.last_modified = "Mon, 30 Jan 2023 09:12:00 GMT";
  state.last_poll_at = k_start + 10;
  state.last_result = store::PollResult::http_error;
  state.last_http_status = 503;
  state.last_error = "HTTP 503";
  state.last_new_items = 4;
  state.consecutive_failures = 2;
  state.last_success_at = k_start - 600;
  state.next_poll_at = k_start + 900;
  state.interval_seconds = 900;
  state.publish_gap_seconds = 1234.5;
  state.last_new_item_at = k_start - 30;
  state.redirect_candidate = "https://feeds.example.org/new.xml";
  state.redirect_streak = 1;
  REQUIRE(fixture.store->save_feed_state(state).ok());

  const auto read = fixture.store->feeds().value().at(0);
  CHECK(read.configured_url == "https://feeds.example.org/world.xml");
  CHECK(read.url == state.url);
  CHECK(read.title == state.title);
  CHECK(read.site_link == state.site_link);
  CHECK(read.etag == state.etag);
  CHECK(read.last_modified == state.last_modified);
  CHECK(read.last_poll_at == state.last_poll_at);
  CHECK(read.last_result == state.last_result);
  CHECK(read.last_http_status == 503);
  CHECK(read.last_error == state.last_error);
  CHECK(read.last_new_items == 4);
  CHECK(read.consecutive_failures == 2);
  CHECK(read.last_success_at == state.last_success_at);
  CHECK(read.next_poll_at == state.next_poll_at);
  CHECK(read.interval_seconds == 900);
  CHECK(read.publish_gap_seconds == Approx(1234.5));
  CHECK(read.last_new_item_at == state.last_new_item_at);
  CHECK(read.redirect_candidate == state.redirect_candidate);
  CHECK(read.redirect_streak == 1);
}
