// `newsmon status` and the daemon's claim on its database, with real processes: a second
// daemon on the same SQLite file is refused, commands that only look work beside the
// daemon, a clean stop leaves no instance behind and a killed daemon's successor takes
// its place at once.

#include <csignal>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/store/store.h"
#include "daemon/util/host.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using Catch::Matchers::Contains;
using test::Process;

namespace {

struct Site {
  test::HttpServer server;
  test::TempDir dir;
  std::string config = (dir / "newsmon.yaml").string();

  explicit Site(const std::string& instance_line = "") {
    server.set("/feed.xml",
               test::Reply::ok("<rss version=\"2.0\"><channel><title>T</title><item><title>"
                               "Germany sends tanks</title><guid>1</guid></item></channel></rss>",
                               "application/rss+xml"));
    test::write_file(dir / "rules" / "r.yaml", "rules:\n  - id: tanks\n    query: tank*\n");
    test::write_file(config, fmt::format("database: newsmon.db\nrules: [rules]\n{}"
                                         "feeds:\n  - url: {}\n    every: 1s\n",
                                         instance_line, server.url("/feed.xml")));
  }

  std::unique_ptr<Process> start_daemon() {
    auto daemon = std::make_unique<Process>(
        std::vector<std::string>{test::newsmon_executable().string(), "run", "--config", config});
    const bool registered = test::wait_until([&] {
      return daemon->stderr_text().find("registered in the database") != std::string::npos;
    });
    INFO(daemon->stderr_text());
    REQUIRE(registered);
    return daemon;
  }

  nlohmann::json status() {
    const auto result = test::run_newsmon({"status", "--config", config, "--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
  }
};

}  // namespace

TEST_CASE("A second daemon on the same database names the first and exits; readers still work",
          "[app][status]") {
  Site site("instance: desk-1\n");
  auto daemon = site.start_daemon();

  const auto second = test::run_newsmon({"run", "--config", site.config});
  CHECK(second.exit_code == 1);
  CHECK_THAT(second.err, Contains(fmt::format("another newsmon daemon (pid {} on host {})",
                                              daemon->pid(), util::host_name())) &&
                             Contains("newsmon.db"));
  for (const auto& command :
       std::vector<std::vector<std::string>>{{"alerts", "--config", site.config},
                                             {"feeds", "list", "--config", site.config},
                                             {"check", "--config", site.config},
                                             {"status", "--config", site.config}}) {
    const auto result = test::run_newsmon(command);
    INFO(command[0] << ": " << result.err);
    CHECK(result.exit_code == 0);
  }

  const auto status = site.status();
  REQUIRE(status["instances"].size() == 1);
  const auto& instance = status["instances"][0];
  CHECK(instance["id"] == "desk-1");
  CHECK(instance["pid"] == daemon->pid());
  CHECK(instance["host"] == util::host_name());
  CHECK(instance["stale"] == false);
  CHECK(status["queue"]["pending"] == 0);

  daemon->signal(SIGTERM);
  CHECK(daemon->wait() == 0);
  CHECK(site.status()["instances"].empty());
  const auto text = test::run_newsmon({"status", "--config", site.config});
  CHECK_THAT(text.out, Contains("no daemon is registered") && Contains("0 pending"));
}

TEST_CASE("The daemon renews its heartbeat from its event loop", "[app][status]") {
  Site site;
  auto daemon = site.start_daemon();
  const auto first = site.status()["instances"][0]["heartbeat_at"].get<std::int64_t>();
  CHECK(test::wait_until(
      [&] { return site.status()["instances"][0]["heartbeat_at"].get<std::int64_t>() > first; },
      std::chrono::seconds(20)));
  const auto text = test::run_newsmon({"status", "--config", site.config});
  CHECK_THAT(text.out, Contains("INSTANCE") && Contains("HEARTBEAT") &&
                           Contains(fmt::format(":{}:", daemon->pid())));
}

TEST_CASE("After a daemon is killed, the next one takes its place and its leases at once",
          "[app][status]") {
  Site site;
  auto killed = site.start_daemon();
  REQUIRE(test::wait_until([&] { return site.server.request_count("/feed.xml") >= 2; }));
  killed->signal(SIGKILL);
  killed->wait();
  const auto left = site.status()["instances"];
  REQUIRE(left.size() == 1);
  const auto dead_id = left[0]["id"].get<std::string>();
  CHECK(left[0]["pid"] == killed->pid());

  auto successor = site.start_daemon();
  const auto status = site.status();
  REQUIRE(status["instances"].size() == 1);
  CHECK(status["instances"][0]["pid"] == successor->pid());
  const auto db = site.dir / "newsmon.db";
  CHECK(test::query_value(
            db, "SELECT count(*) FROM feeds WHERE lease_holder = '" + dead_id + "'") == "0");
  const auto polled = site.server.request_count("/feed.xml");
  CHECK(test::wait_until([&] { return site.server.request_count("/feed.xml") > polled; }));
  successor->signal(SIGTERM);
  CHECK(successor->wait() == 0);
}

TEST_CASE("newsmon status marks a daemon whose heartbeat went silent as stale", "[app][status]") {
  Site site;
  {
    auto store = store::open_sqlite_store(site.dir / "newsmon.db").value();
    REQUIRE(
        store->register_instance({"gone-1", "news-2", 4242, 1'700'000'000, 1'700'000'000}, 0).ok());
  }
  const auto status = site.status();
  REQUIRE(status["instances"].size() == 1);
  CHECK(status["instances"][0]["id"] == "gone-1");
  CHECK(status["instances"][0]["stale"] == true);
  CHECK(status["instances"][0]["heartbeat_age_seconds"].get<std::int64_t>() > 30);
  const auto text = test::run_newsmon({"status", "--config", site.config});
  CHECK_THAT(text.out, Contains("gone-1") && Contains("STALE") && Contains("news-2") &&
                           Contains("died or is stuck"));
}
