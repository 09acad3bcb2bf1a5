// newsmon as systemd runs it: `newsmon run` with a notification socket and a watchdog,
// reloaded with good and broken rules, then stopped, while alerts keep flowing.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <mutex>
#include <new>
#include <regex>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "daemon/app/config.h"
#include "daemon/app/service.h"
#include "daemon/util/diagnostic.h"
#include "tests/support/http_server.h"
#include "tests/support/notify_socket.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::HttpServer;
using newsmon::test::NotifySocket;
using newsmon::test::Process;
using newsmon::test::Reply;
using newsmon::test::TempDir;
using newsmon::test::wait_until;

namespace {

constexpr const char* k_first_rules = R"yaml(rules:
  - id: tanks
    title: Tanks
    topics: [arms_transfer]
    query: 'tank* AND (send OR sends OR delivers)'
)yaml";

constexpr const char* k_second_rules = R"yaml(rules:
  - id: tanks
    title: Tanks
    topics: [arms_transfer]
    query: 'tank* AND (send OR sends OR delivers)'
  - id: drones
    title: Drones
    topics: [arms_transfer]
    query: 'drone* AND delivers'
)yaml";

constexpr const char* k_broken_rules = R"yaml(rules:
  - id: tanks
    title: Tanks
    query: 'tank* AND (send OR'
)yaml";

// A feed the test adds stories to while the daemon polls it.
class GrowingFeed {
 public:
  explicit GrowingFeed(std::string name) : m_name(std::move(name)) {}

  void add(const std::string& title) {
    std::lock_guard lock(m_mutex);
    m_titles.push_back(title);
  }
  // Answers 304 when the client sends back the validator of the current version.
  Reply render(const newsmon::test::RecordedRequest& request) const {
    std::lock_guard lock(m_mutex);
    const std::string etag = fmt::format("\"v{}\"", m_titles.size());
    if (request.header("if-none-match") == etag)
      return Reply::status_only(304).header("ETag", etag);
    std::string items;
    for (std::size_t i = 0; i < m_titles.size(); ++i) {
      items +=
          fmt::format("<item><title>{}</title><guid>{}-{}</guid></item>\n", m_titles[i], m_name, i);
    }
    return Reply::ok("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Growing</title>" +
                         items + "</channel></rss>",
                     "application/rss+xml")
        .header("ETag", etag);
  }

 private:
  std::string m_name;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_titles;
};

bool hook_received(const HttpServer& server, const std::string& title) {
  for (const auto& request : server.requests("/hook")) {
    if (request.body.find(title) != std::string::npos) return true;
  }
  return false;
}

// Sends SIGHUP and waits for the reload to end: RELOADING=1, then READY=1.
void reload_and_wait(const Process& daemon, NotifySocket& notify) {
  const auto mark = notify.messages().size();
  daemon.signal(SIGHUP);
  const auto reloading = notify.wait_for("RELOADING=1", mark);
  REQUIRE(reloading);
  REQUIRE(notify.wait_for("READY=1", *reloading));
}

// One list of 2,000 words used by 200 rules: about 5 MB compiled.
std::string rules_over_a_mebibyte() {
  std::string yaml = "lists:\n  big: [";
  for (int i = 0; i < 2000; ++i) yaml += fmt::format("{}w{}", i ? ", " : "", i);
  yaml += "]\nrules:\n";
  for (int i = 0; i < 200; ++i)
    yaml += fmt::format("  - id: r{}\n    query: '$big AND a{}'\n", i, i);
  return yaml;
}

}  // namespace

TEST_CASE("The daemon speaks the notify protocol, reloads safely and stops in time",
          "[app][service]") {
  HttpServer server;
  GrowingFeed feed("first");
  server.set("/feed.xml", [&](const auto& request) { return feed.render(request); });
  server.set("/hook", Reply::status_only(204));
  TempDir dir;
  newsmon::test::write_file(dir / "rules" / "watch.yaml", k_first_rules);
  newsmon::test::write_file(
      dir / "newsmon.yaml",
      fmt::format("database: newsmon.db\nrules: [rules]\nfeeds:\n  - url: {}\n    every: 1s\n"
                  "webhooks:\n  - name: receiver\n    url: {}\n",
                  server.url("/feed.xml"), server.url("/hook")));
  NotifySocket notify;
  Process daemon({newsmon::test::newsmon_executable().string(), "run", "--config",
                  (dir / "newsmon.yaml").string()},
                 {.env = {{"NOTIFY_SOCKET", notify.path()}, {"WATCHDOG_USEC", "1000000"}}});

  const auto ready = notify.wait_for("READY=1");
  INFO(daemon.stderr_text());
  REQUIRE(ready);
  REQUIRE(notify.wait_for("WATCHDOG=1", *ready));
  bool status_seen = false;
  for (const auto& message : notify.messages()) {
    status_seen = status_seen || message.rfind("STATUS=1 feeds, 1 rules", 0) == 0;
  }
  CHECK(status_seen);

  feed.add("Germany sends tanks to Ukraine");
  REQUIRE(wait_until([&] { return hook_received(server, "Germany sends tanks"); }));

  SECTION("a valid reload takes effect, a broken one keeps the running rules") {
    newsmon::test::write_file(dir / "rules" / "watch.yaml", k_second_rules);
    auto mark = notify.messages().size();
    daemon.signal(SIGHUP);
    const auto reloading = notify.wait_for("RELOADING=1", mark);
    REQUIRE(reloading);
    CHECK(std::regex_search(notify.messages()[*reloading], std::regex("MONOTONIC_USEC=[0-9]+")));
    REQUIRE(notify.wait_for("READY=1", *reloading));
    feed.add("Turkey delivers drones to Kyiv");
    REQUIRE(wait_until([&] { return hook_received(server, "Turkey delivers drones"); }));

    newsmon::test::write_file(dir / "rules" / "watch.yaml", k_broken_rules);
    mark = notify.messages().size();
    daemon.signal(SIGHUP);
    const auto second = notify.wait_for("RELOADING=1", mark);
    REQUIRE(second);
    REQUIRE(notify.wait_for("READY=1", *second));
    REQUIRE(wait_until(
        [&] { return daemon.stderr_text().find("watch.yaml:4:") != std::string::npos; }));
    CHECK(daemon.stderr_text().find("reload refused") != std::string::npos);
    feed.add("Poland delivers drones and sends tanks");
    REQUIRE(wait_until([&] { return hook_received(server, "Poland delivers drones"); }));
  }

  SECTION("a reload whose rules compile past rules.max_compiled is refused; the rules stay") {
    newsmon::test::write_file(dir / "rules" / "watch.yaml", rules_over_a_mebibyte());
    newsmon::test::write_file(
        dir / "newsmon.yaml",
        fmt::format("database: newsmon.db\nrules: {{paths: [rules], max_compiled: 1MiB}}\n"
                    "feeds:\n  - url: {}\n    every: 1s\n"
                    "webhooks:\n  - name: receiver\n    url: {}\n",
                    server.url("/feed.xml"), server.url("/hook")));
    reload_and_wait(daemon, notify);
    REQUIRE(wait_until(
        [&] { return daemon.stderr_text().find("reload refused") != std::string::npos; }));
    CHECK(daemon.stderr_text().find("rules.max_compiled (1 MiB)") != std::string::npos);
    CHECK(daemon.stderr_text().find("uses list 'big'") != std::string::npos);
    feed.add("Spain sends tanks to Ukraine");
    REQUIRE(wait_until([&] { return hook_received(server, "Spain sends tanks"); }));
    CHECK(daemon.running());
  }

  SECTION("a reload whose webhook names a topic no rule has is refused, naming it") {
    newsmon::test::write_file(
        dir / "newsmon.yaml",
        fmt::format("database: newsmon.db\nrules: [rules]\nfeeds:\n  - url: {}\n    every: 1s\n"
                    "webhooks:\n  - name: receiver\n    url: {}\n    topics: [arms_transfers]\n",
                    server.url("/feed.xml"), server.url("/hook")));
    reload_and_wait(daemon, notify);
    REQUIRE(wait_until([&] {
      return daemon.stderr_text().find("no rule has the topic 'arms_transfers'") !=
             std::string::npos;
    }));
    INFO(daemon.stderr_text());
    CHECK(daemon.stderr_text().find("did you mean 'arms_transfer'?") != std::string::npos);
    CHECK(daemon.stderr_text().find("reload refused") != std::string::npos);
    // The running routing stays: the webhook still receives every topic.
    feed.add("Spain sends tanks to Kyiv");
    REQUIRE(wait_until([&] { return hook_received(server, "Spain sends tanks"); }));
  }

  SECTION("feeds added on reload start polling, removed ones stop, the others keep their state") {
    GrowingFeed second("second");
    second.add("France delivers tanks to Kyiv");
    server.set("/second.xml", [&](const auto& request) { return second.render(request); });
    const auto config = [&](bool with_second) {
      std::string feeds = fmt::format("  - url: {}\n    every: 1s\n", server.url("/feed.xml"));
      if (with_second)
        feeds += fmt::format("  - url: {}\n    every: 1s\n", server.url("/second.xml"));
      newsmon::test::write_file(
          dir / "newsmon.yaml",
          fmt::format("database: newsmon.db\nrules: [rules]\nfeeds:\n{}webhooks:\n"
                      "  - name: receiver\n    url: {}\n",
                      feeds, server.url("/hook")));
    };
    const auto reload = [&] {
      const auto mark = notify.messages().size();
      daemon.signal(SIGHUP);
      const auto reloading = notify.wait_for("RELOADING=1", mark);
      REQUIRE(reloading);
      REQUIRE(notify.wait_for("READY=1", *reloading));
    };

    config(true);
    reload();
    const bool france = wait_until([&] { return hook_received(server, "France delivers tanks"); });
    INFO(daemon.stderr_text());
    REQUIRE(france);
    // The first feed kept its validator: it is still asked for conditionally.
    REQUIRE(wait_until([&] {
      const auto requests = server.requests("/feed.xml");
      return requests.back().header("if-none-match") == std::string("\"v1\"");
    }));

    config(false);
    reload();
    const auto second_polls = server.request_count("/second.xml");
    const auto first_polls = server.request_count("/feed.xml");
    REQUIRE(wait_until([&] { return server.request_count("/feed.xml") >= first_polls + 3; }));
    CHECK(server.request_count("/second.xml") <= second_polls + 1);  // at most one in flight
  }

  SECTION("settings read at start-up stay until a restart, and the reload says so") {
    newsmon::test::write_file(
        dir / "newsmon.yaml",
        fmt::format("database: newsmon.db\nrules: [rules]\nfeeds:\n  - url: {}\n    every: 1s\n"
                    "webhooks:\n  - name: receiver\n    url: {}\n"
                    "http:\n  user_agent: changed-agent/1.0\n",
                    server.url("/feed.xml"), server.url("/hook")));
    reload_and_wait(daemon, notify);
    INFO(daemon.stderr_text());
    CHECK(wait_until([&] {
      return daemon.stderr_text().find("reload: http changed: restart newsmon to apply it") !=
             std::string::npos;
    }));
    const auto polls = server.request_count("/feed.xml");
    REQUIRE(wait_until([&] { return server.request_count("/feed.xml") >= polls + 2; }));
    const auto agent = server.requests("/feed.xml").back().header("user-agent");
    REQUIRE(agent);
    CHECK(agent->find("changed-agent") == std::string::npos);
  }

  const auto mark = notify.messages().size();
  const auto started = std::chrono::steady_clock::now();
  daemon.signal(SIGTERM);
  const auto exit_code = daemon.wait(std::chrono::seconds(15));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE(exit_code);
  CHECK(*exit_code == 0);
  CHECK(elapsed < std::chrono::seconds(10));
  CHECK(notify.wait_for("STOPPING=1", mark, std::chrono::seconds(1)));
}

TEST_CASE("A reload that runs out of memory while compiling is refused; the rules stay",
          "[app][service]") {
  TempDir dir;
  newsmon::test::write_file(dir / "rules" / "watch.yaml", k_first_rules);
  newsmon::test::write_file(dir / "newsmon.yaml",
                            "database: newsmon.db\nrules: [rules]\nfeeds: []\n");
  auto loaded = newsmon::app::load_config(dir / "newsmon.yaml");
  INFO(newsmon::util::format_all(loaded.errors));
  REQUIRE(loaded.errors.empty());
  NotifySocket notify;
  ::setenv("NOTIFY_SOCKET", notify.path().c_str(), 1);
  // The second compilation (the first reload) fails as the allocator does when memory
  // runs out; the others compile for real.
  std::atomic<int> compilations{0};
  newsmon::app::ServiceOptions options;
  options.compile_rules = [&](const std::vector<std::filesystem::path>& paths,
                              const newsmon::rules::LoadOptions& rule_options) {
    if (++compilations == 2) throw std::bad_alloc();
    return newsmon::rules::load_rules(paths, rule_options);
  };
  auto service = std::async(std::launch::async,
                            [&] { return newsmon::app::run_service(loaded.config, options); });
  // A failed REQUIRE must not leave the test waiting for a service nobody stops.
  struct StopOnExit {
    std::future<int>& service;
    ~StopOnExit() {
      if (service.valid() &&
          service.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        ::kill(::getpid(), SIGTERM);
      }
    }
  } stop_on_exit{service};
  const auto reload = [&](const std::string& expected_status) {
    const auto mark = notify.messages().size();
    ::kill(::getpid(), SIGHUP);
    const auto reloading = notify.wait_for("RELOADING=1", mark);
    REQUIRE(reloading);
    REQUIRE(notify.wait_for("READY=1", *reloading));
    CHECK(notify.wait_for(expected_status, *reloading));
  };
  REQUIRE(notify.wait_for("READY=1"));
  REQUIRE(notify.wait_for("STATUS=0 feeds, 1 rules, 0 deliveries pending"));

  reload("STATUS=0 feeds, 1 rules, 0 deliveries pending");  // refused: out of memory
  CHECK(compilations == 2);
  newsmon::test::write_file(dir / "rules" / "watch.yaml", k_second_rules);
  reload("STATUS=0 feeds, 2 rules, 0 deliveries pending");  // the next one is taken

  ::kill(::getpid(), SIGTERM);
  REQUIRE(service.wait_for(std::chrono::seconds(15)) == std::future_status::ready);
  CHECK(service.get() == 0);
  ::unsetenv("NOTIFY_SOCKET");
}

TEST_CASE("A SIGHUP while the daemon starts is a reload once it is ready, not its end",
          "[app][service]") {
  TempDir dir;
  // Rules that take a while to compile keep the daemon starting for a moment.
  newsmon::test::write_file(dir / "rules" / "big.yaml", rules_over_a_mebibyte());
  newsmon::test::write_file(dir / "newsmon.yaml",
                            "database: newsmon.db\nrules: [rules]\nfeeds: []\n");
  NotifySocket notify;
  Process daemon({newsmon::test::newsmon_executable().string(), "run", "--config",
                  (dir / "newsmon.yaml").string()},
                 {.env = {{"NOTIFY_SOCKET", notify.path()}}});
  // While it starts, the daemon holds SIGHUP back (blocked: /proc shows it in SigBlk).
  const auto status = std::filesystem::path("/proc") / std::to_string(daemon.pid()) / "status";
  REQUIRE(wait_until([&] {
    std::ifstream in(status);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("SigBlk:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) & 1) != 0;
    }
    return false;
  }));
  daemon.signal(SIGHUP);
  const auto ready = notify.wait_for("READY=1");
  INFO(daemon.stderr_text());
  REQUIRE(ready);
  CHECK(notify.wait_for("RELOADING=1", *ready));
  CHECK(daemon.running());
  daemon.signal(SIGTERM);
  CHECK(daemon.wait() == 0);
}
