// The whole pipeline as a user runs it: `newsmon once` as a process against a local
// server that serves feeds and receives webhooks, then the rows it left in SQLite.

#include <fmt/format.h>
#include <algorithm>
#include <ctime>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"
#include "tests/e2e/dates.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_reader.h"

using newsmon::test::HttpServer;
using newsmon::test::RecordedRequest;
using newsmon::test::Reply;
using newsmon::test::TempDir;

namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// A configuration for one run against the local server.
void write_config(const TempDir& dir, const HttpServer& server, const std::string& extra = "") {
  newsmon::test::write_file(
      dir / "newsmon.yaml",
      fmt::format(R"yaml(database: newsmon.db
rules: [{rules}]
feeds:
  - url: {feed}
webhooks:
  - name: receiver
    url: {hook}
    secret: {secret}
    retry: [1s, 1s]
{extra})yaml",
                  fmt::arg("rules", (newsmon::test::data_dir() / "e2e" / "rules").string()),
                  fmt::arg("feed", server.url("/world.xml")), fmt::arg("hook", server.url("/hook")),
                  fmt::arg("secret", k_secret), fmt::arg("extra", extra)));
}

// Checks a Standard Webhooks signature the way a receiver does.
bool signature_is_valid(const RecordedRequest& request) {
  const auto id = request.header("webhook-id");
  const auto timestamp = request.header("webhook-timestamp");
  const auto signature = request.header("webhook-signature");
  if (!id || !timestamp || !signature) return false;
  const auto key = newsmon::util::base64_decode(std::string(k_secret).substr(6)).value();
  const auto expected = "v1," + newsmon::util::base64_encode(newsmon::util::hmac_sha256(
                                    key, fmt::format("{}.{}.{}", *id, *timestamp, request.body)));
  for (const auto part : newsmon::util::split(*signature, ' ')) {
    if (part == expected) return true;
  }
  return false;
}

newsmon::test::RunResult run_once(const TempDir& dir) {
  return newsmon::test::run_newsmon(
      {"once", "--config", (dir / "newsmon.yaml").string(), "--deliver-timeout", "20s"});
}

}  // namespace

TEST_CASE("One pass polls, matches, stores and delivers signed alerts, once", "[e2e]") {
  HttpServer server;
  server.set("/world.xml", Reply::ok(newsmon::test::recent_world_feed(), "application/rss+xml"));
  server.set("/hook", Reply::status_only(204));
  TempDir dir;
  write_config(dir, server);
  const auto database = dir / "newsmon.db";

  const auto first = run_once(dir);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);

  CHECK(newsmon::test::query_value(database, "SELECT count(*) FROM items") == "3");
  const auto matches = newsmon::test::query(
      database,
      "SELECT m.rule_id, i.entry_id FROM matches m JOIN items i ON i.id = m.item_id "
      "ORDER BY m.rule_id");
  REQUIRE(matches.size() == 2);
  CHECK((matches[0] == newsmon::test::Row{"nato-visits", "e2e-nato-seoul"}));
  CHECK((matches[1] == newsmon::test::Row{"weapons-for-ukraine", "e2e-nato-seoul"}));
  CHECK(newsmon::test::query_value(database, "SELECT count(*) FROM alerts") == "1");
  CHECK(newsmon::test::query_value(
            database, "SELECT count(*) FROM deliveries WHERE state = 'delivered'") == "1");

  // One story, one message, listing both rules.
  const auto hooks = server.requests("/hook");
  REQUIRE(hooks.size() == 1);
  const auto& request = hooks[0];
  CHECK(request.method == "POST");
  CHECK(signature_is_valid(request));
  const auto payload = nlohmann::json::parse(request.body);
  CHECK(payload["type"] == "newsmon.alert");
  CHECK(payload["version"] == 2);
  CHECK(payload["data"]["story"]["title"] == "NATO chief in Seoul urges more weapons for Ukraine");
  CHECK(payload["data"]["story"]["feed"]["title"] == "E2E World");
  CHECK_FALSE(payload["data"]["hits"].empty());
  CHECK_FALSE(payload["data"]["snippet"].is_null());
  std::vector<std::string> rules;
  for (const auto& rule : payload["data"]["rules"]) rules.push_back(rule["id"].get<std::string>());
  std::sort(rules.begin(), rules.end());
  CHECK(rules == std::vector<std::string>{"nato-visits", "weapons-for-ukraine"});
  CHECK(first.err.find("\"NATO chief in Seoul urges more weapons for Ukraine\"") !=
        std::string::npos);

  SECTION("a second pass over the same feed raises nothing new") {
    const auto second = run_once(dir);
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(newsmon::test::query_value(database, "SELECT count(*) FROM items") == "3");
    CHECK(newsmon::test::query_value(database, "SELECT count(*) FROM matches") == "2");
    CHECK(server.request_count("/hook") == 1);
  }
}

TEST_CASE("A webhook that answers 500 keeps its delivery pending until a later run succeeds",
          "[e2e]") {
  HttpServer server;
  server.set("/world.xml", Reply::ok(newsmon::test::recent_world_feed(), "application/rss+xml"));
  server.set("/hook", Reply::status_only(500));
  TempDir dir;
  write_config(dir, server);
  const auto database = dir / "newsmon.db";

  const auto failing = run_once(dir);
  INFO(failing.err);
  REQUIRE(failing.exit_code == 0);
  CHECK(failing.err.find("receiver") != std::string::npos);  // the log names the endpoint
  CHECK(newsmon::test::query_value(
            database, "SELECT count(*) FROM deliveries WHERE state = 'pending'") == "1");
  CHECK(newsmon::test::query_value(database, "SELECT min(attempts) FROM deliveries") == "1");
  const auto first_ids = server.requests("/hook");
  REQUIRE(first_ids.size() == 1);

  // The retry is due one second after the failure (retry: [1s, 1s]); wait for that moment.
  const auto due = std::stoll(
      newsmon::test::query_value(database, "SELECT max(next_attempt_at) FROM deliveries"));
  REQUIRE(newsmon::test::wait_until([&] { return std::time(nullptr) > due; }));
  server.set("/hook", Reply::status_only(200));
  const auto recovering = run_once(dir);
  INFO(recovering.err);
  REQUIRE(recovering.exit_code == 0);
  CHECK(newsmon::test::query_value(
            database, "SELECT count(*) FROM deliveries WHERE state = 'delivered'") == "1");
  // A retry carries the webhook-id of the first attempt.
  std::vector<std::string> before;
  std::vector<std::string> after;
  for (const auto& request : first_ids) before.push_back(*request.header("webhook-id"));
  const auto all = server.requests("/hook");
  for (std::size_t i = 1; i < all.size(); ++i) after.push_back(*all[i].header("webhook-id"));
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  CHECK(before == after);
}

TEST_CASE("A malformed feed and an unreachable one are reported and the others still polled",
          "[e2e]") {
  HttpServer server;
  server.set("/world.xml", Reply::ok(newsmon::test::recent_world_feed(), "application/rss+xml"));
  server.set("/broken.xml", Reply::ok("<rss><channel><item><title>Half", "application/rss+xml"));
  server.set("/hook", Reply::status_only(204));
  TempDir dir;
  write_config(dir, server);
  // Two more feeds: one broken, one on a port nobody listens on.
  auto config = newsmon::util::read_file(dir / "newsmon.yaml").value();
  const auto feeds_at = config.find("feeds:\n") + 7;
  config.insert(feeds_at, fmt::format("  - url: {}\n  - url: http://127.0.0.1:1/feed.xml\n",
                                      server.url("/broken.xml")));
  newsmon::test::write_file(dir / "newsmon.yaml", config);

  const auto result = run_once(dir);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find(server.url("/broken.xml")) != std::string::npos);
  CHECK(result.err.find("http://127.0.0.1:1/feed.xml") != std::string::npos);
  CHECK(server.request_count("/hook") == 1);
}
