// Politeness across daemons: three daemons on one PostgreSQL database poll many feeds of
// one host with http.per_host 2, and the host never has more than two of their requests
// under way at once. And a reload that changes the database says it cannot, and the
// daemon keeps to the one it opened.

#include <csignal>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "tests/e2e/daemons.h"
#include "tests/support/http_server.h"

using namespace newsmon;
using namespace newsmon::test;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr int k_feeds = 40;
constexpr int k_per_host = 2;
constexpr milliseconds k_hold{150};  // each answer waits this long: requests overlap
const std::vector<std::string> k_names = {"polite-a", "polite-b", "polite-c"};

std::string feed_xml(int feed) {
  return fmt::format(
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {0}</title>"
      "<item><title>Story of feed {0}</title><guid>feed-{0}</guid></item></channel></rss>",
      feed);
}

std::string rules_dir() {
  return (data_dir() / "alert" / "crash").string();
}

// Every feed on this one server (one host), each polled every second.
void write_configs(const TempDir& dir, const HttpServer& server, const std::string& url,
                   const std::vector<std::string>& names) {
  std::string feeds = "feeds:\n";
  for (int f = 0; f < k_feeds; ++f) {
    feeds +=
        fmt::format("  - url: {}\n    every: 1s\n", server.url(fmt::format("/feed-{}.xml", f)));
  }
  write_file(dir / "feeds.yaml", feeds);
  for (const auto& name : names) {
    write_file(dir / (name + ".yaml"),
               fmt::format("database: {}\ninstance: {}\nrules: [{}]\nlog_level: warning\n"
                           "http: {{user_agent: {}, per_host: {}, timeout: 5s}}\n"
                           "feeds:\n  - include: feeds.yaml\n",
                           url, name, rules_dir(), name, k_per_host));
  }
}

}  // namespace

TEST_CASE("Daemons sharing a database send one host no more than per_host requests at once",
          "[e2e][postgres][multi][polite]") {
  const std::string url = database_or_skip();
  if (url.empty()) return;
  HttpServer server;
  std::mutex mutex;
  std::map<std::string, int> polls_by;  // User-Agent: which daemon
  server.set_recording(Recording::off);
  server.set_fallback([&](const RecordedRequest& request) {
    int feed = -1;
    if (std::sscanf(request.path().c_str(), "/feed-%d.xml", &feed) != 1) {
      return Reply::status_only(404);
    }
    {
      std::lock_guard lock(mutex);
      ++polls_by[request.header("user-agent").value_or("")];
    }
    auto reply = Reply::ok(feed_xml(feed), "application/rss+xml");
    reply.delay = k_hold;
    return reply;
  });
  TempDir dir;
  write_configs(dir, server, url, k_names);
  std::vector<std::unique_ptr<Process>> daemons;
  for (const auto& name : k_names) daemons.push_back(start_daemon(dir, name));

  const auto polls = [&] {
    std::lock_guard lock(mutex);
    return polls_by;
  };
  // Two rounds of every feed, with every daemon taking part.
  const bool polled = wait_until(
      [&] {
        const auto now = polls();
        int total = 0;
        for (const auto& [agent, count] : now) total += count;
        return total >= 2 * k_feeds && now.size() == k_names.size();
      },
      seconds(40));
  const std::string host = fmt::format("127.0.0.1:{}", server.port());
  const auto most = server.max_under_way(host);
  INFO(logs_of(daemons));
  for (const auto& [agent, count] : polls())
    UNSCOPED_INFO(agent << " polled " << count << " times");
  REQUIRE(polled);
  CHECK(most <= static_cast<std::size_t>(k_per_host));
  CHECK(most == static_cast<std::size_t>(k_per_host));  // the host was kept busy
  CHECK(pg_value(url, "SELECT count(*) FROM host_slots WHERE slot >= 2") == "0");

  stop_daemons(daemons);
  // Stopped cleanly, the daemons gave their slots back.
  CHECK(pg_value(url, "SELECT count(*) FROM host_slots") == "0");
}

TEST_CASE("A reload cannot move the daemon to another database: it says so and keeps its own",
          "[e2e][postgres][multi][polite]") {
  const std::string url = database_or_skip();
  if (url.empty()) return;
  HttpServer server;
  server.set_fallback(
      [](const RecordedRequest&) { return Reply::ok(feed_xml(0), "application/rss+xml"); });
  TempDir dir;
  write_configs(dir, server, url, {"desk"});
  std::vector<std::unique_ptr<Process>> daemons;
  daemons.push_back(start_daemon(dir, "desk"));
  auto& daemon = *daemons.front();
  const auto heartbeat = [&] {
    return pg_value(url, "SELECT heartbeat_at FROM instances WHERE id = 'desk'");
  };
  const auto last_poll = [&] {
    const auto value = pg_value(url, "SELECT coalesce(max(last_poll_at), 0) FROM feeds");
    return value == "?" ? 0 : std::stoll(value);
  };
  REQUIRE(wait_until([&] { return heartbeat() != "?" && last_poll() > 0; }));

  write_file(dir / "desk.yaml",
             fmt::format("database: postgresql://desk:hunter2@127.0.0.1:1/elsewhere\n"
                         "database_password: env:NEWSMON_ELSEWHERE_PASSWORD\n"
                         "instance: desk\nrules: [{}]\nlog_level: warning\n"
                         "http: {{user_agent: desk, per_host: 2, timeout: 5s}}\n"
                         "feeds:\n  - include: feeds.yaml\n",
                         rules_dir()));
  daemon.signal(SIGHUP);
  const std::string warning =
      "reload: database (to postgresql://***@127.0.0.1:1/elsewhere) and database_password "
      "changed, which cannot take effect without a restart: newsmon keeps using the database "
      "postgresql://";
  const bool warned =
      wait_until([&] { return daemon.stderr_text().find(warning) != std::string::npos; });
  INFO(daemon.stderr_text());
  REQUIRE(warned);
  const auto text = daemon.stderr_text();
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find(warning) == text.rfind(warning));  // said once

  // It keeps polling into the database it opened, its heartbeat going on.
  const auto beat = std::stoll(heartbeat());
  const auto polled = last_poll();
  CHECK(wait_until([&] {
    const auto now = heartbeat();
    return now != "?" && std::stoll(now) > beat && last_poll() > polled;
  }));
  CHECK(daemon.running());
  stop_daemons(daemons);
}
