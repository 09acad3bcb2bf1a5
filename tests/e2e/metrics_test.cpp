// The metrics listener of a running daemon: /metrics passes promtool's lint, and the
// health and readiness endpoints answer.

#include <csignal>
#include <regex>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "daemon/util/text.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::HttpServer;
using newsmon::test::Process;
using newsmon::test::Reply;
using newsmon::test::TempDir;

namespace {

std::string fetch(const std::string& url, const TempDir& dir) {
  const auto out = dir / "fetched.txt";
  const auto result =
      newsmon::test::run({"curl", "-s", "-o", out.string(), "-w", "%{http_code}", url});
  return result.out + "\n" + newsmon::util::read_file(out).value_or("");
}

}  // namespace

TEST_CASE("/metrics is valid Prometheus text and the health endpoints answer", "[e2e][metrics]") {
  HttpServer server;
  server.set("/feed.xml", Reply::ok("<rss version=\"2.0\"><channel><title>T</title><item><title>"
                                    "Tanks sent</title><guid>1</guid></item></channel></rss>",
                                    "application/rss+xml"));
  TempDir dir;
  newsmon::test::write_file(dir / "rules" / "r.yaml",
                            "rules:\n  - id: tanks\n    title: Tanks\n    topics: [arms_transfer]\n"
                            "    query: tank*\n");
  newsmon::test::write_file(dir / "newsmon.yaml",
                            fmt::format("database: newsmon.db\nrules: [rules]\nfeeds:\n  - {}\n"
                                        "metrics: {{listen: 127.0.0.1:0}}\n",
                                        server.url("/feed.xml")));
  Process daemon({newsmon::test::newsmon_executable().string(), "run", "--config",
                  (dir / "newsmon.yaml").string()});
  std::smatch found;
  std::string log;
  REQUIRE(newsmon::test::wait_until([&] {
    log = daemon.stderr_text();
    return std::regex_search(log, found, std::regex("http://127\\.0\\.0\\.1:([0-9]+)/metrics"));
  }));
  const std::string base = "http://127.0.0.1:" + found[1].str();
  REQUIRE(newsmon::test::wait_until([&] { return server.request_count("/feed.xml") > 0; }));
  // Wait for the poll to be counted, then lint the scrape.
  std::string metrics;
  REQUIRE(newsmon::test::wait_until([&] {
    metrics = fetch(base + "/metrics", dir);
    return metrics.find("newsmon_polls_total{result=\"ok\"} 1") != std::string::npos;
  }));
  CHECK(metrics.rfind("200\n", 0) == 0);
  CHECK(metrics.find("newsmon_matches_total{rule=\"tanks\"} 1") != std::string::npos);
  CHECK(metrics.find("newsmon_build_info{version=") != std::string::npos);
  newsmon::test::write_file(dir / "scrape.txt", metrics.substr(4));
  const auto lint =
      newsmon::test::run({"sh", "-c", "promtool check metrics < " + (dir / "scrape.txt").string()});
  INFO(lint.out << lint.err);
  CHECK(lint.exit_code == 0);
  CHECK(lint.out.empty());
  CHECK(lint.err.empty());

  CHECK(fetch(base + "/healthz", dir).rfind("200\nok", 0) == 0);
  CHECK(fetch(base + "/readyz", dir).rfind("200\nready", 0) == 0);
  CHECK(fetch(base + "/nope", dir).rfind("404", 0) == 0);

  daemon.signal(SIGTERM);
  CHECK(daemon.wait(std::chrono::seconds(15)) == 0);
}
