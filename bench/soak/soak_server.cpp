// The world a soak run lives in: FEEDS feeds that gain stories at random (about one per
// feed every two minutes; three in ten say a country "sends tanks", which the soak's
// rule matches), and a webhook receiver that fails one request in five with a 500.
// It keeps what it published and what it accepted, and answers:
//
//   GET /feed-N.xml       the feed (its last 30 stories), 304 to its current ETag
//   POST /hook            a message (envelope version 2): 204, or 500 one time in five
//                         (chosen at random)
//   GET /control/freeze   stop publishing (before the final count)
//   GET /control/report   JSON: published, expected alerts, accepted alerts, duplicates
//
// Prints its port, then serves until SIGINT or SIGTERM.
//
//   soak_server [FEEDS]

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_server.h"

namespace {

using newsmon::test::RecordedRequest;
using newsmon::test::Reply;

constexpr std::size_t k_kept_stories = 30;
constexpr double k_story_rate = 1.0 / 120;  // per feed per second
constexpr double k_matching_share = 0.3;
constexpr double k_receiver_failures = 0.2;
constexpr std::array<const char*, 8> k_countries = {"Norway", "Chile",  "Japan", "Kenya",
                                                    "Peru",   "Canada", "Spain", "Ghana"};

struct Story {
  std::string guid;
  std::string title;
};

struct FeedState {
  std::deque<Story> stories;
  int version = 0;
};

class World {
 public:
  explicit World(std::size_t feeds) : m_feeds(feeds), m_random(std::random_device{}()) {}

  // One second of publishing: each feed gains a story with probability k_story_rate.
  void tick() {
    std::lock_guard lock(m_mutex);
    if (m_frozen) return;
    std::uniform_real_distribution<double> uniform(0, 1);
    for (std::size_t f = 0; f < m_feeds.size(); ++f) {
      if (uniform(m_random) >= k_story_rate) continue;
      const auto n = ++m_published;
      const bool matching = uniform(m_random) < k_matching_share;
      const char* country = k_countries[n % k_countries.size()];
      Story story{fmt::format("s{}", n),
                  matching ? fmt::format("{} sends tanks, report {} from desk {}", country, n, f)
                           : fmt::format("{} ministers discuss the budget, report {} from desk {}",
                                         country, n, f)};
      if (matching) m_expected.insert(story.title);
      auto& feed = m_feeds[f];
      feed.stories.push_front(std::move(story));
      if (feed.stories.size() > k_kept_stories) feed.stories.pop_back();
      ++feed.version;
    }
  }

  Reply feed(const RecordedRequest& request) {
    std::size_t index = 0;
    if (std::sscanf(request.path().c_str(), "/feed-%zu.xml", &index) != 1 ||
        index >= m_feeds.size()) {
      return Reply::status_only(404);
    }
    std::lock_guard lock(m_mutex);
    const auto& feed = m_feeds[index];
    const auto etag = fmt::format("\"{}-{}\"", index, feed.version);
    if (request.header("if-none-match") == etag)
      return Reply::status_only(304).header("ETag", etag);
    std::string items;
    for (const auto& story : feed.stories) {
      items += fmt::format(
          "<item><guid isPermaLink=\"false\">{0}</guid><title>{1}</title>"
          "<link>https://soak.example/{0}</link><description>{1}. The desk filed it at "
          "once; more follows.</description></item>\n",
          story.guid, story.title);
    }
    return Reply::ok(fmt::format("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>"
                                 "Desk {}</title><link>https://soak.example/</link>\n{}</channel>"
                                 "</rss>\n",
                                 index, items),
                     "application/rss+xml")
        .header("ETag", etag);
  }

  Reply hook(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    ++m_requests;
    if (std::uniform_real_distribution<double>(0, 1)(m_random) < k_receiver_failures) {
      ++m_refused;
      return Reply::status_only(500);
    }
    const auto payload = nlohmann::json::parse(request.body, nullptr, false);
    if (payload.is_discarded() || !payload.contains("data")) return Reply::status_only(400);
    ++m_accepted_requests;
    // One message per story, naming every rule it matched; a follow-up repeats the story
    // under an id of its own and says which message it updates.
    if (payload.value("type", "") != "newsmon.alert") {
      ++m_other_messages;
      return Reply::status_only(204);
    }
    const auto& data = payload["data"];
    std::string key = data["story"]["title"].get<std::string>();
    for (const auto& rule : data["rules"]) {
      if (rule["id"] == "soak-tanks") key = "soak-tanks|" + key;
    }
    m_ids[key].insert(request.header("webhook-id").value_or(""));
    return Reply::status_only(204);
  }

  Reply freeze() {
    std::lock_guard lock(m_mutex);
    m_frozen = true;
    return Reply::ok("frozen\n");
  }

  Reply report() {
    std::lock_guard lock(m_mutex);
    std::size_t received = 0;
    std::size_t duplicates = 0;
    for (const auto& title : m_expected) {
      const auto found = m_ids.find("soak-tanks|" + title);
      if (found != m_ids.end()) ++received;
    }
    for (const auto& [key, ids] : m_ids) duplicates += ids.size() > 1 ? 1 : 0;
    const nlohmann::json out = {{"published", m_published},
                                {"expected", m_expected.size()},
                                {"received", received},
                                {"alerts_accepted", m_ids.size()},
                                {"duplicates", duplicates},
                                {"requests", m_requests},
                                {"refused", m_refused},
                                {"accepted_requests", m_accepted_requests},
                                {"other_messages", m_other_messages}};
    return Reply::ok(out.dump() + "\n", "application/json");
  }

 private:
  std::mutex m_mutex;
  std::vector<FeedState> m_feeds;
  std::mt19937_64 m_random;
  bool m_frozen = false;
  std::uint64_t m_published = 0;
  std::set<std::string> m_expected;  ///< matching titles published
  /// "soak-tanks|title" (or the title, for other rules' stories) -> webhook ids
  std::map<std::string, std::set<std::string>> m_ids;
  std::uint64_t m_requests = 0;
  std::uint64_t m_refused = 0;
  std::uint64_t m_accepted_requests = 0;
  std::uint64_t m_other_messages = 0;  ///< accepted follow-ups and digests
};

}  // namespace

int main(int argc, char** argv) {
  const std::size_t feeds = argc > 1 ? std::stoul(argv[1]) : 500;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the threads inherit the mask

  World world(feeds);
  newsmon::test::HttpServer server;
  server.set_recording(newsmon::test::Recording::off);
  server.set("/hook", [&](const RecordedRequest& request) { return world.hook(request); });
  server.set("/control/freeze", [&](const RecordedRequest&) { return world.freeze(); });
  server.set("/control/report", [&](const RecordedRequest&) { return world.report(); });
  server.set_fallback([&](const RecordedRequest& request) { return world.feed(request); });

  std::atomic<bool> running{true};
  std::thread publisher([&] {
    auto next = std::chrono::steady_clock::now();
    while (running) {
      world.tick();
      next += std::chrono::seconds(1);
      std::this_thread::sleep_until(next);
    }
  });
  std::printf("%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  running = false;
  publisher.join();
  return 0;
}
