// From a story appearing on a feed to its webhook arriving, through `newsmon run` as users
// run it: the feed is polled every second, so about half a second of every figure is the
// wait for the next poll (shown apart as "poll wait").

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/deliver/bench.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

namespace newsmon::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t k_items_in_feed = 30;  // a feed shows its latest stories only

struct Story {
  Clock::time_point added;
  std::optional<Clock::time_point> served;   ///< first poll that returned it
  std::optional<Clock::time_point> arrived;  ///< first webhook for it
};

class Newsroom {
 public:
  explicit Newsroom(int stories) : m_stories(static_cast<std::size_t>(stories)) {}

  test::Reply feed() {
    std::lock_guard lock(m_mutex);
    ++m_polls;
    const auto now = Clock::now();
    std::string items;
    const std::size_t first = m_visible > k_items_in_feed ? m_visible - k_items_in_feed : 0;
    for (std::size_t i = first; i < m_visible; ++i) {
      if (!m_stories[i].served) m_stories[i].served = now;
      items += fmt::format(
          "<item><title>Story {0}: Abrams tanks for Ukraine</title>"
          "<link>https://bench.example.org/{0}</link><guid>bench-{0}</guid>"
          "<description>The United States pledged more Abrams tanks to Ukraine.</description>"
          "</item>",
          i);
    }
    return test::Reply::ok(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
        "<title>Bench</title><link>https://bench.example.org/</link>" +
            items + "</channel></rss>",
        "application/rss+xml");
  }

  test::Reply hook(const test::RecordedRequest& request) {
    const auto now = Clock::now();
    const auto payload = nlohmann::json::parse(request.body, nullptr, false);
    if (payload.is_discarded()) return test::Reply::status_only(400);
    const std::string id = payload["data"]["story"]["id"].get<std::string>();
    const auto index = std::stoul(id.substr(id.find('-') + 1));
    std::lock_guard lock(m_mutex);
    if (index < m_stories.size() && !m_stories[index].arrived) m_stories[index].arrived = now;
    return test::Reply::status_only(204);
  }

  void publish_next() {
    std::lock_guard lock(m_mutex);
    m_stories[m_visible].added = Clock::now();
    ++m_visible;
  }

  int polls() {
    std::lock_guard lock(m_mutex);
    return m_polls;
  }

  bool all_arrived() {
    std::lock_guard lock(m_mutex);
    return std::all_of(m_stories.begin(), m_stories.end(),
                       [](const Story& story) { return story.arrived.has_value(); });
  }

  std::vector<Story> stories() {
    std::lock_guard lock(m_mutex);
    return m_stories;
  }

 private:
  std::mutex m_mutex;
  std::vector<Story> m_stories;
  std::size_t m_visible = 0;
  int m_polls = 0;
};

void print_row(const char* name, std::vector<double> milliseconds) {
  std::sort(milliseconds.begin(), milliseconds.end());
  const auto at = [&](double quantile) {
    return milliseconds[static_cast<std::size_t>(quantile *
                                                 static_cast<double>(milliseconds.size() - 1))];
  };
  std::printf("| %s | %.0f | %.0f | %.0f | %.0f |\n", name, milliseconds.front(), at(0.5), at(0.9),
              milliseconds.back());
}

double since(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

int run_latency(const std::filesystem::path& newsmon, int count) {
  Newsroom newsroom(count);
  test::HttpServer server;
  server.set_recording(test::Recording::off);
  server.set("/feed.xml", [&](const test::RecordedRequest&) { return newsroom.feed(); });
  server.set("/hook", [&](const test::RecordedRequest& request) { return newsroom.hook(request); });
  test::TempDir dir;
  test::write_file(dir / "newsmon.yaml",
                   fmt::format("database: newsmon.db\nrules: [{}]\nlog_level: warning\n"
                               "feeds:\n  - url: {}\n    every: 1s\n"
                               "webhooks:\n  - name: bench\n    url: {}\n"
                               "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
                               (test::source_dir() / "bench" / "deliver" / "rules.yaml").string(),
                               server.url("/feed.xml"), server.url("/hook")));
  test::Process daemon({newsmon.string(), "run", "--config", (dir / "newsmon.yaml").string()});
  // The first poll sees an empty feed; from then on stories appear at random moments.
  if (!test::wait_until([&] { return newsroom.polls() > 0; })) {
    std::fprintf(stderr, "bench/deliver: newsmon never polled:\n%s\n",
                 daemon.stderr_text().c_str());
    return 1;
  }
  std::mt19937 random(42);
  std::uniform_int_distribution<int> pause(300, 900);
  for (int i = 0; i < count; ++i) {
    newsroom.publish_next();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));  // pacing, not syncing
  }
  if (!test::wait_until([&] { return newsroom.all_arrived(); }, std::chrono::seconds(60))) {
    std::fprintf(stderr, "bench/deliver: not every webhook arrived:\n%s\n",
                 daemon.stderr_text().c_str());
    return 1;
  }
  daemon.signal(SIGTERM);
  (void)daemon.wait();

  std::vector<double> total;
  std::vector<double> poll_wait;
  std::vector<double> processing;
  for (const auto& story : newsroom.stories()) {
    total.push_back(since(story.added, *story.arrived));
    poll_wait.push_back(since(story.added, *story.served));
    processing.push_back(since(*story.served, *story.arrived));
  }
  std::printf("bench/deliver latency: %d stories, feed polled every second (`every: 1s`)\n\n",
              count);
  std::printf("| ms | best | median | p90 | worst |\n|---|---:|---:|---:|---:|\n");
  print_row("story on the feed → webhook arrived", total);
  print_row("poll wait: on the feed → polled", poll_wait);
  print_row("newsmon: polled → webhook arrived", processing);
  return 0;
}

}  // namespace newsmon::bench
