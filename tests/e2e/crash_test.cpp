// The outbox's promise under fire: `newsmon run` polls a feed that grows, delivers to a
// receiver that fails a third of the time and answers some requests slowly, and is killed
// with SIGKILL again and again while it works. In the end every alert has reached the
// receiver, repeats carry the webhook-id of the first attempt, nothing stays pending and
// the database is intact.

#include <csignal>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using newsmon::test::HttpServer;
using newsmon::test::RecordedRequest;
using newsmon::test::Reply;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr int k_stories = 30;
constexpr int k_stories_per_poll = 4;
constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// A feed that shows a few more stories each time it is polled.
class GrowingFeed {
 public:
  Reply serve() {
    std::lock_guard lock(m_mutex);
    m_visible = std::min(k_stories, m_visible + k_stories_per_poll);
    std::string items;
    for (int i = 1; i <= m_visible; ++i) {
      items += fmt::format(
          "<item><title>Story {0}: Abrams tanks for Ukraine</title>"
          "<link>https://crash.example.org/story-{0}</link><guid>crash-{0}</guid>"
          "<description>Report number {0} on the Abrams tanks pledged to Ukraine by the "
          "United States, one of many in this test.</description></item>\n",
          i);
    }
    return Reply::ok(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Crash</title>"
        "<link>https://crash.example.org/</link>" +
            items + "</channel></rss>",
        "application/rss+xml");
  }

 private:
  std::mutex m_mutex;
  int m_visible = 0;
};

// A receiver that fails every third request and answers every fifth slowly, and keeps
// what it saw under each webhook-id.
class FlakyReceiver {
 public:
  Reply receive(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    ++m_requests;
    const std::string id = request.header("webhook-id").value_or("");
    const auto payload = nlohmann::json::parse(request.body, nullptr, false);
    const std::string story =
        payload.is_discarded() ? "?" : payload["data"]["story"]["id"].get<std::string>();
    const auto [known, fresh] = m_story_of.emplace(id, story);
    if (!fresh && known->second != story) m_consistent = false;
    if (m_requests % 3 == 0) return Reply::status_only(500);
    m_accepted.insert(id);
    Reply reply = Reply::status_only(200);
    if (m_requests % 5 == 0) reply.delay = milliseconds(400);  // still in flight when killed
    return reply;
  }

  int requests() {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  std::set<std::string> accepted() {
    std::lock_guard lock(m_mutex);
    return m_accepted;
  }
  std::map<std::string, std::string> stories() {
    std::lock_guard lock(m_mutex);
    return m_story_of;
  }
  bool consistent() {
    std::lock_guard lock(m_mutex);
    return m_consistent;
  }

 private:
  std::mutex m_mutex;
  int m_requests = 0;
  std::set<std::string> m_accepted;
  std::map<std::string, std::string> m_story_of;
  bool m_consistent = true;
};

void write_config(const test::TempDir& dir, const HttpServer& server) {
  test::write_file(
      dir / "newsmon.yaml",
      fmt::format(R"yaml(database: newsmon.db
rules: [{rules}]
log_level: warning
feeds:
  - url: {feed}
    every: 1s
webhooks:
  - name: receiver
    url: {hook}
    secret: {secret}
    timeout: 2s
    retry: [1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]
alerts:
  lease: 3s
)yaml",
                  fmt::arg("rules", (test::data_dir() / "alert" / "crash").string()),
                  fmt::arg("feed", server.url("/feed.xml")), fmt::arg("hook", server.url("/hook")),
                  fmt::arg("secret", k_secret)));
}

std::string count_of(const std::filesystem::path& database, const std::string& where) {
  return test::query_value(database, "SELECT count(*) FROM deliveries WHERE " + where);
}

}  // namespace

TEST_CASE("Killed again and again while delivering, newsmon still delivers every alert",
          "[alert][crash]") {
  HttpServer server;
  GrowingFeed feed;
  FlakyReceiver receiver;
  server.set("/feed.xml", [&](const RecordedRequest&) { return feed.serve(); });
  server.set("/hook", [&](const RecordedRequest& request) { return receiver.receive(request); });
  test::TempDir dir;
  write_config(dir, server);
  const auto database = dir / "newsmon.db";
  const std::vector<std::string> run{test::newsmon_executable().string(), "run", "--config",
                                     (dir / "newsmon.yaml").string()};

  // Each round lets the daemon get a few more requests out, then kills it mid-work.
  for (const int target : {4, 12, 20, 28, 36}) {
    test::Process daemon(run);
    const bool progressed = test::wait_until([&] { return receiver.requests() >= target; });
    INFO(daemon.stderr_text());
    REQUIRE(progressed);
    daemon.signal(SIGKILL);
    REQUIRE(daemon.wait() == 128 + SIGKILL);
  }

  test::Process daemon(run);
  const bool finished = test::wait_until(
      [&] {
        return test::query_value(database, "SELECT count(*) FROM items") ==
                   std::to_string(k_stories) &&
               count_of(database, "state <> 'delivered'") == "0";
      },
      seconds(60));
  INFO(daemon.stderr_text());
  REQUIRE(finished);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait() == 0);

  CHECK(test::query_value(database, "PRAGMA integrity_check") == "ok");
  CHECK(test::query_value(database, "SELECT count(*) FROM matches") == std::to_string(k_stories));
  CHECK(count_of(database, "state = 'delivered'") == std::to_string(k_stories));
  CHECK(count_of(database, "state = 'pending'") == "0");
  CHECK(count_of(database, "state = 'dead'") == "0");

  // Every alert reached the receiver and was accepted at least once ...
  const auto accepted = receiver.accepted();
  const auto rows = test::query(database, "SELECT webhook_id FROM deliveries");
  REQUIRE(rows.size() == static_cast<std::size_t>(k_stories));
  for (const auto& row : rows) CHECK(accepted.count(row[0]) == 1);
  // ... each webhook-id always named the same story, and there was nothing but these ids.
  CHECK(receiver.consistent());
  CHECK(receiver.stories().size() == static_cast<std::size_t>(k_stories));
  // Failures and kills made the receiver see repeats: they were retries, not new alerts.
  CHECK(receiver.requests() > k_stories);
}
