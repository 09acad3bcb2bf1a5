// A password or token in a feed or webhook URL is the operator's: newsmon uses it to
// fetch and to deliver, and shows it nowhere — not in its log, not in `feeds list` or an
// export meant for sharing, not in the payloads receivers get, not in an error about a
// malformed URL.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/util/text.h"
#include "tests/e2e/dates.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using newsmon::test::HttpServer;
using newsmon::test::Reply;
using newsmon::test::TempDir;

namespace {

constexpr const char* k_password = "S3cretPassw0rd";
constexpr const char* k_token = "QUERYSECRET123";
constexpr const char* k_hook_token = "HOOKTOKEN987";

std::string with_credentials(const HttpServer& server, const std::string& path) {
  return fmt::format("http://alice:{}@127.0.0.1:{}{}?token={}&page=1", k_password, server.port(),
                     path, k_token);
}

void write_config(const TempDir& dir, const HttpServer& server) {
  newsmon::test::write_file(
      dir / "newsmon.yaml",
      fmt::format(R"yaml(database: newsmon.db
rules: [{rules}]
log_level: debug
feeds:
  - url: "{feed}"
  - url: "{broken}"
webhooks:
  - name: receiver
    url: "{hook}"
)yaml",
                  fmt::arg("rules", (newsmon::test::data_dir() / "e2e" / "rules").string()),
                  fmt::arg("feed", with_credentials(server, "/world.xml")),
                  fmt::arg("broken", with_credentials(server, "/gone.xml")),
                  fmt::arg("hook", server.url(fmt::format("/hook?key={}", k_hook_token)))));
}

void check_no_secret(const std::string& text) {
  CHECK_THAT(text, !Contains(k_password) && !Contains(k_token) && !Contains(k_hook_token));
}

newsmon::test::RunResult run_command(const TempDir& dir, std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--config", (dir / "newsmon.yaml").string()});
  return newsmon::test::run_newsmon(std::move(arguments));
}

}  // namespace

TEST_CASE("Credentials in feed and webhook URLs are used but never shown", "[e2e][credentials]") {
  HttpServer server;
  server.set("/world.xml", Reply::ok(newsmon::test::recent_world_feed(), "application/rss+xml"));
  server.set("/gone.xml", Reply::status_only(500));
  server.set("/hook", Reply::status_only(204));
  TempDir dir;
  write_config(dir, server);

  const auto pass = run_command(dir, {"once", "--deliver-timeout", "20s"});
  INFO(pass.err);
  REQUIRE(pass.exit_code == 0);
  // They were used: curl sent the password, the query went out, the hook got its key
  // (one message: the feed's one story two rules matched).
  const auto feed_requests = server.requests("/world.xml");
  REQUIRE_FALSE(feed_requests.empty());
  CHECK(feed_requests.front().header("authorization").has_value());
  CHECK_THAT(feed_requests.front().target, Contains(k_token));
  const auto hooks = server.requests("/hook");
  REQUIRE(hooks.size() == 1);
  CHECK_THAT(hooks.front().target, Contains(k_hook_token));

  SECTION("the log names the feeds redacted, the failing one at warning level") {
    CHECK_THAT(pass.err, Contains("feed http://***@127.0.0.1:") &&
                             Contains("/gone.xml?token=***&page=1: http_error: HTTP 500"));
    check_no_secret(pass.err);
  }
  SECTION("story.feed.url in every payload is redacted") {
    for (const auto& hook : hooks) {
      const auto payload = nlohmann::json::parse(hook.body);
      CHECK(payload["data"]["story"]["feed"]["url"] ==
            fmt::format("http://***@127.0.0.1:{}/world.xml?token=***&page=1", server.port()));
      check_no_secret(hook.body);
    }
  }
  SECTION("feeds list, as a table and as JSON") {
    const auto table = run_command(dir, {"feeds", "list"});
    INFO(table.err);
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Contains("/world.xml?token=***&page=1"));
    check_no_secret(table.out);
    const auto json = run_command(dir, {"feeds", "list", "--json"});
    REQUIRE(json.exit_code == 0);
    for (const auto line : newsmon::util::split(newsmon::util::trim(json.out), '\n')) {
      const auto row = nlohmann::json::parse(line);
      CHECK_THAT(row["url"].get<std::string>(), StartsWith("http://***@127.0.0.1:"));
    }
    check_no_secret(json.out);
  }
  SECTION("an export is redacted unless asked otherwise, and says so") {
    const auto shared = run_command(dir, {"feeds", "export"});
    REQUIRE(shared.exit_code == 0);
    check_no_secret(shared.out);
    CHECK_THAT(shared.out, Contains("xmlUrl=\"http://***@127.0.0.1:"));
    CHECK_THAT(shared.err, Contains("2 feed URLs hold a password or a token, exported as ***") &&
                               Contains("--with-credentials"));
    const auto full = run_command(dir, {"feeds", "export", "--with-credentials"});
    REQUIRE(full.exit_code == 0);
    CHECK_THAT(full.out, Contains(k_password) && Contains(k_token));
    CHECK(full.err.empty());
  }
}

TEST_CASE("A malformed webhook URL is reported without its password or token",
          "[e2e][credentials]") {
  TempDir dir;
  newsmon::test::write_file(
      dir / "newsmon.yaml",
      fmt::format("database: newsmon.db\nrules: [{}]\nfeeds: []\nwebhooks:\n  - name: team\n"
                  "    url: \"https://bot:{} x@hooks.example/in?token={}\"\n",
                  (newsmon::test::data_dir() / "e2e" / "rules").string(), k_password, k_token));
  for (const char* command : {"check", "run", "once"}) {
    const auto result = run_command(dir, {command});
    INFO(command << ": " << result.out << result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.out + result.err,
               Contains("newsmon.yaml:6:10: error: webhook url is not a valid URL"));
    check_no_secret(result.out + result.err);
  }
}
