// Three daemons on one PostgreSQL database share 300 feeds and their deliveries: the
// feeds gain matching stories (each story in two feeds, so two daemons may see its copies
// at once), the receiver fails a quarter of the requests, and one daemon is killed with
// SIGKILL twice and restarted. In the end every story has reached the receiver under one
// webhook-id, no feed was polled twice within its interval except right after a kill
// (the poll the dead daemon never saved), and the database passes its checks.

#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/daemons.h"
#include "tests/support/http_server.h"

using namespace newsmon;
using namespace newsmon::test;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr int k_feeds = 300;           // feeds 2p and 2p+1 publish the same stories
constexpr int k_stories_per_pair = 3;  // story s of a pair appears s * k_reveal after start
constexpr seconds k_reveal{5};
constexpr seconds k_every{4};  // every feed's fixed interval
constexpr int k_expected = k_feeds / 2 * k_stories_per_pair;
const std::vector<std::string> k_names = {"desk-a", "desk-b", "desk-c"};

std::string story_link(int pair, int story) {
  return fmt::format("https://wire.example.org/pair-{}/story-{}", pair, story);
}

struct Poll {
  Clock::time_point at;
  std::string agent;  // which daemon: each sends its own User-Agent
};

// 300 feeds on one server, each showing more stories as time passes; every poll is
// recorded with its time and the daemon that made it.
class FeedFarm {
 public:
  Reply serve(const RecordedRequest& request) {
    int feed = -1;
    if (std::sscanf(request.path().c_str(), "/feed-%d.xml", &feed) != 1 || feed < 0 ||
        feed >= k_feeds) {
      return Reply::status_only(404);
    }
    const auto now = Clock::now();
    {
      std::lock_guard lock(m_mutex);
      m_polls[feed].push_back({now, request.header("user-agent").value_or("")});
    }
    const int pair = feed / 2;
    const auto visible = std::min<long>(k_stories_per_pair, (now - m_start) / k_reveal + 1);
    std::string items;
    for (int s = 0; s < visible; ++s) {
      items += fmt::format(
          "<item><title>Abrams tanks for Ukraine, report {0} of pair {1}</title>"
          "<link>{2}</link><guid>{2}</guid><description>Report {0} of pair {1} on the "
          "Abrams tanks pledged to Ukraine, one of many in this test.</description></item>\n",
          s, pair, story_link(pair, s));
    }
    return Reply::ok(fmt::format("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                                 "<title>Feed {}</title><link>https://wire.example.org/</link>"
                                 "{}</channel></rss>",
                                 feed, items),
                     "application/rss+xml");
  }

  std::map<int, std::vector<Poll>> polls() {
    std::lock_guard lock(m_mutex);
    return m_polls;
  }

 private:
  const Clock::time_point m_start = Clock::now();
  std::mutex m_mutex;
  std::map<int, std::vector<Poll>> m_polls;
};

// What the receiver saw: the webhook-ids each story (its link) came under, and back.
struct Seen {
  int requests = 0;
  std::set<std::string> accepted;  // links
  std::map<std::string, std::set<std::string>> ids_of;
  std::map<std::string, std::set<std::string>> links_of;
};

// Fails every fourth request with a 500.
class Receiver {
 public:
  Reply receive(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    const std::string id = request.header("webhook-id").value_or("");
    const auto payload = nlohmann::json::parse(request.body, nullptr, false);
    std::string link = "?";
    if (!payload.is_discarded() && payload.contains("data")) {
      link = payload["data"]["story"].value("link", "?");
    }
    m_seen.ids_of[link].insert(id);
    m_seen.links_of[id].insert(link);
    if (++m_seen.requests % 4 == 0) return Reply::status_only(500);
    m_seen.accepted.insert(link);
    return Reply::status_only(204);
  }

  Seen seen() {
    std::lock_guard lock(m_mutex);
    return m_seen;
  }

 private:
  std::mutex m_mutex;
  Seen m_seen;
};

// The same feed list and webhook for every daemon; each has its own name and User-Agent.
void write_configs(const test::TempDir& dir, const HttpServer& server, const std::string& url) {
  std::string feeds = "feeds:\n";
  for (int f = 0; f < k_feeds; ++f) {
    feeds += fmt::format("  - url: {}\n    every: {}s\n",
                         server.url(fmt::format("/feed-{}.xml", f)), k_every.count());
  }
  test::write_file(dir / "feeds.yaml", feeds);
  for (const auto& name : k_names) {
    test::write_file(dir / (name + ".yaml"),
                     fmt::format(R"yaml(database: {url}
instance: {name}
rules: [{rules}]
log_level: warning
http: {{user_agent: {name}, per_host: 16, timeout: 5s}}
feeds:
  - include: feeds.yaml
webhooks:
  - name: receiver
    url: {hook}
    timeout: 2s
    retry: [1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]
alerts:
  lease: 3s
)yaml",
                                 fmt::arg("url", url), fmt::arg("name", name),
                                 fmt::arg("rules", (test::data_dir() / "alert" / "crash").string()),
                                 fmt::arg("hook", server.url("/hook"))));
  }
}

// Polls of one feed closer together than its interval (less the scheduler's one-second
// resolution) are allowed only when the first was made by the killed daemon around a
// kill: that poll's outcome was never saved, so the feed was still due.
void check_poll_gaps(const std::map<int, std::vector<Poll>>& polls,
                     const std::vector<Clock::time_point>& kills) {
  const auto min_gap = k_every - milliseconds(1500);
  const auto unsaved = [&](const Poll& poll) {
    if (poll.agent != k_names.back()) return false;
    // A request the daemon sent just before SIGKILL may be read a moment after it.
    for (const auto kill : kills) {
      if (poll.at > kill - seconds(10) && poll.at < kill + seconds(1)) return true;
    }
    return false;
  };
  int overlaps = 0;
  for (const auto& [feed, list] : polls) {
    for (std::size_t i = 1; i < list.size(); ++i) {
      const auto gap = list[i].at - list[i - 1].at;
      if (gap >= min_gap) continue;
      const bool allowed = unsaved(list[i - 1]);
      overlaps += allowed ? 1 : 0;
      INFO("feed " << feed << ": polled by " << list[i - 1].agent << " then by " << list[i].agent
                   << " " << std::chrono::duration_cast<milliseconds>(gap).count() << " ms apart");
      CHECK(allowed);
    }
  }
  // A kill costs at most the polls the daemon had under way.
  CHECK(overlaps <= 2 * k_feeds / 3);
}

void check_database(const std::string& url) {
  const auto value = [&](const std::string& sql) { return test::pg_value(url, sql); };
  const std::string expected = std::to_string(k_expected);
  CHECK(value("SELECT count(*) FROM items") == std::to_string(2 * k_expected));
  CHECK(value("SELECT count(*) FROM alerts") == expected);
  CHECK(value("SELECT count(DISTINCT story_key) FROM alerts") == expected);
  CHECK(value("SELECT count(*) FROM deliveries WHERE state = 'delivered'") == expected);
  CHECK(value("SELECT count(*) FROM deliveries") == expected);
  // Every copy's match joined its story's one alert.
  CHECK(value("SELECT count(*) FROM matches") == std::to_string(2 * k_expected));
  CHECK(value("SELECT count(*) FROM matches m JOIN items i ON i.id = m.item_id "
              "JOIN alerts a ON a.id = m.alert_id JOIN items f ON f.id = a.item_id "
              "WHERE i.link <> f.link") == "0");
  // Stopped cleanly, the daemons left no instance and no lease behind.
  CHECK(value("SELECT count(*) FROM instances") == "0");
  CHECK(value("SELECT count(*) FROM feeds WHERE lease_holder IS NOT NULL") == "0");
  CHECK(value("SELECT count(*) FROM deliveries WHERE lease_holder IS NOT NULL "
              "AND state = 'pending'") == "0");
  CHECK(value("SELECT count(*) FROM host_slots") == "0");
  // amcheck: every B-tree index agrees with its table.
  test::pg_query(url, "CREATE EXTENSION IF NOT EXISTS amcheck");
  CHECK(value("SELECT count(bt_index_check(c.oid, true)) FROM pg_index i "
              "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
              "JOIN pg_namespace n ON n.oid = c.relnamespace "
              "WHERE am.amname = 'btree' AND n.nspname = 'public'") != "0");
}

}  // namespace

TEST_CASE("Three daemons on one PostgreSQL database deliver every story once, one killed twice",
          "[e2e][postgres][multi]") {
  const std::string url = test::database_or_skip();
  if (url.empty()) return;
  HttpServer server;
  server.set_recording(test::Recording::off);
  FeedFarm farm;
  Receiver receiver;
  server.set_fallback([&](const RecordedRequest& request) { return farm.serve(request); });
  server.set("/hook", [&](const RecordedRequest& request) { return receiver.receive(request); });
  test::TempDir dir;
  write_configs(dir, server, url);
  const auto start = [&](const std::string& name) { return test::start_daemon(dir, name); };
  std::vector<std::unique_ptr<test::Process>> daemons;
  for (const auto& name : k_names) daemons.push_back(start(name));

  // The last daemon is killed twice while stories are being delivered, and restarted.
  std::vector<Clock::time_point> kills;
  for (const std::size_t progress : {std::size_t{90}, std::size_t{240}}) {
    const bool progressed =
        test::wait_until([&] { return receiver.seen().accepted.size() >= progress; }, seconds(60));
    INFO(daemons.back()->stderr_text());
    REQUIRE(progressed);
    kills.push_back(Clock::now());
    daemons.back()->signal(SIGKILL);
    REQUIRE(daemons.back()->wait() == 128 + SIGKILL);
    daemons.back() = start(k_names.back());
  }

  const bool delivered = test::wait_until(
      [&] {
        return receiver.seen().accepted.size() == static_cast<std::size_t>(k_expected) &&
               test::pg_query(url, "SELECT 1 FROM deliveries WHERE state <> 'delivered' LIMIT 1")
                   .empty();
      },
      seconds(90));
  INFO(test::logs_of(daemons) << "accepted " << receiver.seen().accepted.size() << " of "
                              << k_expected);
  REQUIRE(delivered);
  test::stop_daemons(daemons);

  // Each story came under exactly one webhook-id, and each id named one story.
  const auto seen = receiver.seen();
  const auto& ids_of = seen.ids_of;
  CHECK(ids_of.size() == static_cast<std::size_t>(k_expected));
  for (const auto& [link, ids] : ids_of) {
    INFO(link);
    CHECK(ids.size() == 1);
  }
  for (const auto& [id, links] : seen.links_of) CHECK(links.size() == 1);
  CHECK(seen.requests > k_expected);  // failures were retried

  const auto polls = farm.polls();
  check_poll_gaps(polls, kills);
  // The work was shared: each daemon polled a good part of the feeds.
  std::map<std::string, std::set<int>> feeds_of;
  for (const auto& [feed, list] : polls) {
    for (const auto& poll : list) feeds_of[poll.agent].insert(feed);
  }
  std::string shares;
  for (const auto& [agent, feeds] : feeds_of) {
    shares += fmt::format("'{}' polled {} feeds; ", agent, feeds.size());
  }
  INFO(shares);
  for (const auto& name : k_names) CHECK(feeds_of[name].size() >= k_feeds / 10);
  check_database(url);
}
