#pragma once
// What the fault matrices share (feed_faults_test.cpp, webhook_faults_test.cpp): feeds
// with one story each, a rule that matches every story, a daemon configured with low
// limits so every fault resolves in a second or two, and readers of what it recorded.

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/fault_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_reader.h"

namespace newsmon::test::matrix {

/// How long a matrix waits for what must happen. A quiet machine needs seconds; this is
/// for one busy with builds beside the test, and costs nothing when things go well.
inline constexpr std::chrono::seconds k_patience{180};

/// A webhook retry schedule that outlasts a matrix on a busy machine (two waits of
/// k_patience): 1s, 1s, 2s forty times, then 5s a hundred times. A delivery must not die
/// of the clock while its fault lasts.
inline std::string patient_retries() {
  std::string delays = "1s, 1s";
  for (int i = 0; i < 40; ++i) delays += ", 2s";
  for (int i = 0; i < 100; ++i) delays += ", 5s";
  return "[" + delays + "]";
}

/// Matches every story the matrices publish: each title says a country sends tanks.
inline constexpr const char* k_rules = R"yaml(rules:
  - id: tanks
    title: Tanks sent
    topics: [arms_transfer]
    query: 'tank* AND sends'
)yaml";

/// An RSS feed of the given stories; each title is also its guid and (escaped) link.
inline std::string rss(const std::vector<std::string>& titles) {
  std::string items;
  for (const auto& title : titles) {
    std::string slug;
    for (const char c : title) slug += (c == ' ' ? '-' : c);
    items += fmt::format(
        "<item><title>{}</title><guid isPermaLink=\"false\">{}</guid>"
        "<link>https://news.example/{}</link><description>{}</description></item>\n",
        title, slug, slug, title);
  }
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
         "<title>Fault matrix</title><link>https://news.example/</link>\n" +
         items + "</channel></rss>\n";
}

/// A healthy reply: the feed with one story, "<name> sends tanks".
inline Reply story_feed(const std::string& name) {
  return Reply::ok(rss({name + " sends tanks"}), "application/rss+xml");
}

/// The poll state of every feed, by configured URL.
struct FeedRow {
  std::string last_result;
  std::string last_error;
  int consecutive_failures = 0;
  long long last_poll_at = 0;
  long long next_poll_at = 0;
  std::string etag;
};

/// The rows of a query, or none while the daemon is still creating the database.
inline std::vector<Row> rows_once_created(const std::filesystem::path& database,
                                          const std::string& sql) {
  if (!std::filesystem::exists(database)) return {};
  try {
    return query(database, sql);
  } catch (const std::runtime_error&) {
    return {};  // the schema is not there yet
  }
}

inline std::map<std::string, FeedRow> feed_states(const std::filesystem::path& database) {
  std::map<std::string, FeedRow> states;
  for (const auto& row :
       rows_once_created(database,
                         "SELECT configured_url, last_result, last_error, consecutive_failures, "
                         "last_poll_at, next_poll_at, etag FROM feeds")) {
    states[row[0]] =
        FeedRow{row[1], row[2], std::stoi(row[3]), std::stoll(row[4]), std::stoll(row[5]), row[6]};
  }
  return states;
}

/// What a receiver got: for each story title, the webhook ids it came under, and how many
/// requests carried it.
struct Received {
  std::map<std::string, std::set<std::string>> ids_by_title;
  std::map<std::string, int> requests_by_title;
};

inline Received received(const HttpServer& server, const std::string& path) {
  Received out;
  for (const auto& request : server.requests(path)) {
    if (request.method != "POST") continue;
    const auto payload = nlohmann::json::parse(request.body, nullptr, false);
    if (payload.is_discarded()) continue;
    const std::string title = payload["data"]["story"]["title"].get<std::string>();
    out.ids_by_title[title].insert(request.header("webhook-id").value_or(""));
    ++out.requests_by_title[title];
  }
  return out;
}

/// The titles of the stories that raised an alert (copies of a story join its alert),
/// each once.
inline std::set<std::string> alerted_titles(const std::filesystem::path& database) {
  std::set<std::string> titles;
  for (const auto& row : query(database,
                               "SELECT DISTINCT i.title FROM alerts a JOIN items i ON "
                               "i.id = a.item_id")) {
    titles.insert(row[0]);
  }
  return titles;
}

/// The daemon's settings for a fast matrix: polls every second, a transfer that stalls or
/// trickles given up after 2 s (the low-speed limit, which no healthy local answer comes
/// near), and connect and whole-transfer limits no fault relies on, loose enough that a
/// TLS handshake on a busy machine fails at the certificate, not the clock.
inline std::string fast_settings() {
  return R"yaml(http:
  timeout: 20s
  connect_timeout: 10s
  low_speed_limit: 64
  low_speed_time: 2s
  max_body: 1MiB
  per_host: 64
  max_redirects: 3
schedule: {min_interval: 1s, default_interval: 1s, max_interval: 2s, max_backoff: 2s}
alerts: {lease: 10s}
)yaml";
}

/// `newsmon run` on the matrices' rule and the given configuration, in a folder of its own.
struct Daemon {
  explicit Daemon(const std::string& config) : written(write_files(dir, config)) {}

  /// Stops it as systemd does and checks that it stops, cleanly (it gives deliveries in
  /// flight 8 s; the wait allows for a busy machine).
  void stop() {
    REQUIRE(process.running());
    process.signal(SIGTERM);
    const auto exit_code = process.wait(std::chrono::seconds(60));
    REQUIRE(exit_code);
    CHECK(*exit_code == 0);
  }

  TempDir dir;
  bool written;  ///< the files are written before the process starts (members in order)
  std::filesystem::path database = dir / "newsmon.db";
  Process process{
      {newsmon_executable().string(), "run", "--config", (dir / "newsmon.yaml").string()}};

 private:
  static bool write_files(const TempDir& dir, const std::string& config) {
    write_file(dir / "rules" / "tanks.yaml", k_rules);
    write_file(dir / "newsmon.yaml", config);
    return true;
  }
};

}  // namespace newsmon::test::matrix
