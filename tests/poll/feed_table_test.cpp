#include <catch2/catch.hpp>

#include "daemon/poll/feed_table.h"

using namespace newsmon;
using poll::FeedTable;
using std::chrono::seconds;

namespace {

store::FeedState stored(std::int64_t id, const std::string& url, store::Epoch next_poll_at) {
  store::FeedState state;
  state.id = id;
  state.configured_url = url;
  state.url = url;
  state.next_poll_at = next_poll_at;
  return state;
}

poll::FeedList list(const std::vector<std::string>& urls) {
  std::vector<poll::FeedConfig> configured;
  for (const auto& url : urls) configured.push_back({url, std::nullopt, {}, {}, {}, 0});
  return poll::unique_feeds(configured);
}

}  // namespace

TEST_CASE("The configured feeds are listed once each, with their intervals", "[poll][feeds]") {
  const auto feeds = poll::unique_feeds({{"https://a.example/rss", seconds(60), {}, {}, {}, 1},
                                         {"https://b.example/rss", std::nullopt, {}, {}, {}, 2},
                                         {"https://a.example/rss", seconds(5), {}, {}, {}, 3}});
  CHECK(feeds.urls == std::vector<std::string>{"https://a.example/rss", "https://b.example/rss"});
  CHECK(feeds.every.at("https://a.example/rss") == seconds(60));
  CHECK(feeds.every.at("https://b.example/rss") == std::nullopt);
}

TEST_CASE("Due feeds come longest overdue first; busy and removed ones do not", "[poll][feeds]") {
  FeedTable table;
  const auto urls = std::vector<std::string>{"https://a.example/", "https://b.example/",
                                             "https://c.example/", "https://d.example/"};
  CHECK(table.sync({stored(1, urls[0], 300), stored(2, urls[1], 100), stored(3, urls[2], 200),
                    stored(4, urls[3], 900)},
                   list(urls)) == 4);
  CHECK(table.due(300) == std::vector<std::int64_t>{2, 3, 1});
  table.at(3).busy = true;
  CHECK(table.due(300) == std::vector<std::int64_t>{2, 1});
  CHECK(table.earliest_next_poll() == 100);
  CHECK(table.active_ids(250) == std::vector<std::int64_t>{2, 3});

  table.sync({stored(2, urls[1], 100), stored(4, urls[3], 900)}, list({urls[1], urls[3]}));
  CHECK(table.due(1000) == std::vector<std::int64_t>{2, 4});
  CHECK(table.active_states().size() == 2);
  CHECK_FALSE(table.at(1).active);
}

TEST_CASE("A reload does not overwrite the state of a feed being polled", "[poll][feeds]") {
  FeedTable table;
  const std::vector<std::string> urls{"https://a.example/"};
  table.sync({stored(1, urls[0], 100)}, list(urls));
  table.at(1).busy = true;
  table.at(1).state.etag = "\"new\"";
  table.sync({stored(1, urls[0], 100)}, list(urls));
  CHECK(table.at(1).state.etag == "\"new\"");
  table.at(1).busy = false;
  table.sync({stored(1, urls[0], 100)}, list(urls));
  CHECK(table.at(1).state.etag.empty());
}
