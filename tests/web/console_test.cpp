#include <catch2/catch.hpp>

#include <fstream>

#include "daemon/web/console.h"
#include "tests/support/paths.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::header;
using test::k_console_clock;
using test::k_silence_names;
using test::Visitor;

TEST_CASE("Every answer carries a strict Content-Security-Policy and is not cached",
          "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  for (const char* path : {"/alerts", "/nope", "/static/app.css"}) {
    const auto response = visitor.get(path);
    INFO(path);
    CHECK(header(response, "Content-Security-Policy")
              .starts_with("default-src 'none'; script-src 'self'"));
    CHECK(header(response, "X-Frame-Options") == "DENY");
    CHECK(header(response, "X-Content-Type-Options") == "nosniff");
  }
  CHECK(header(visitor.get("/alerts"), "Cache-Control") == "no-store");
  CHECK(visitor.get("/nope").status == 404);
}

TEST_CASE("Story and feed text is shown as text, never as markup", "[web][console]") {
  FakeSource source;
  auto& alert = source.add_alert(7, "<script>alert(1)</script> tanks");
  alert.summary.outlets = {"<img src=x onerror=alert(2)>"};
  alert.summary.link = "javascript:alert(3)";
  alert.feed_title = "<b>Wire</b>";
  alert.summary_text = "a \"quoted\" <i>summary</i>";
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  for (const char* path : {"/alerts", "/alerts/7"}) {
    const auto body = visitor.get(path).body;
    INFO(path);
    CHECK(body.find("<script>alert") == std::string::npos);
    CHECK(body.find("&lt;script&gt;alert(1)&lt;/script&gt; tanks") != std::string::npos);
    CHECK(body.find("<img") == std::string::npos);
    CHECK(body.find("javascript:") == std::string::npos);
  }
  CHECK(visitor.get("/alerts/7").body.find("&lt;b&gt;Wire&lt;/b&gt;") != std::string::npos);
}

TEST_CASE("Without auth the console answers only to names of this machine", "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  visitor.host = "attacker.example:8080";  // a DNS name rebound to 127.0.0.1
  CHECK(visitor.get("/alerts").status == 421);
  visitor.host = "localhost:8080";
  CHECK(visitor.get("/alerts").status == 200);
}

TEST_CASE("A state change needs POST, this console's CSRF token and its own origin",
          "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  console.set_rules(test::console_rules(nullptr));
  Visitor visitor{console};
  REQUIRE(visitor.get("/silences").status == 200);
  const std::string form = "rule=arms-supply&hours=24&comment=noisy";
  SECTION("without a token it is refused and nothing changes") {
    CHECK(visitor.post("/silences", form).status == 403);
    CHECK(source.silences_held.empty());
  }
  SECTION("with another visitor's token it is refused") {
    Visitor other{console};
    other.get("/silences");
    CHECK(visitor.post("/silences", form + "&csrf=" + other.csrf).status == 403);
    CHECK(source.silences_held.empty());
  }
  SECTION("from another site it is refused even with the token") {
    const auto response = visitor.send("POST", "/silences", form + "&csrf=" + visitor.csrf,
                                       {{"origin", "https://evil.example"}});
    CHECK(response.status == 403);
    CHECK(source.silences_held.empty());
  }
  SECTION("with the token it is done, by the user it names") {
    const auto response = visitor.post("/silences", form + "&csrf=" + visitor.csrf);
    CHECK(response.status == 303);
    CHECK(header(response, "Location") == "/silences");
    REQUIRE(source.silences_held.size() == 1);
    CHECK(source.silences_held[0].matchers.rule_glob == "arms-supply");
    CHECK(source.silences_held[0].created_by == "local");
    CHECK(source.silences_held[0].ends_at - source.silences_held[0].starts_at == 24 * 3600);
  }
  SECTION("a GET changes nothing") {
    CHECK(visitor.get("/silences?rule=x&hours=1").status == 200);
    CHECK(source.silences_held.empty());
  }
}

TEST_CASE("With a token, pages need a sign-in; the token signs in by form or header",
          "[web][console]") {
  test::TempDir dir;
  std::ofstream(dir / "token") << "a-long-enough-token-123\n";
  AuthConfig config;
  config.token = "file:" + (dir / "token").string();
  FakeSource source;
  source.add_alert(1, "Abrams for Ukraine");
  Console console(source, Authenticator::load(config).value(), std::chrono::hours(1),
                  k_console_clock);
  Visitor visitor{console};
  visitor.host = "console.example.org";  // with auth, any host name
  auto response = visitor.get("/alerts/1");
  CHECK(response.status == 303);
  CHECK(header(response, "Location") == "/login?next=%2Falerts%2F1");
  CHECK(visitor.get("/events").status == 401);
  REQUIRE(visitor.get("/login").status == 200);
  response = visitor.post("/login", "token=wrong-wrong-wrong-wrong&csrf=" + visitor.csrf);
  CHECK(response.status == 401);
  response = visitor.post("/login",
                          "token=a-long-enough-token-123&next=%2Falerts%2F1&csrf=" + visitor.csrf);
  CHECK(response.status == 303);
  CHECK(header(response, "Location") == "/alerts/1");
  CHECK(visitor.get("/alerts/1").body.find("Abrams for Ukraine") != std::string::npos);
  CHECK(visitor.post("/logout", "csrf=" + visitor.csrf).status == 303);
  CHECK(visitor.get("/alerts/1").status == 303);

  Visitor bearer{console};
  const auto api =
      bearer.send("GET", "/alerts/1", {}, {{"authorization", "Bearer a-long-enough-token-123"}});
  CHECK(api.status == 200);
}

TEST_CASE("Sign-in sends visitors back only to pages of the console", "[web][console]") {
  test::TempDir dir;
  std::ofstream(dir / "token") << "a-long-enough-token-123\n";
  AuthConfig config;
  config.token = "file:" + (dir / "token").string();
  FakeSource source;
  Console console(source, Authenticator::load(config).value(), std::chrono::hours(1),
                  k_console_clock);
  Visitor visitor{console};
  visitor.get("/login");
  const auto response = visitor.post(
      "/login", "token=a-long-enough-token-123&next=%2F%2Fevil.example%2F&csrf=" + visitor.csrf);
  CHECK(header(response, "Location") == "/alerts");
}

TEST_CASE("/events streams from the alert the page showed, or the browser saw last",
          "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  CHECK(visitor.get("/events").status == 503);  // no live updates running
  std::int64_t seen = -1;
  console.set_live([&](std::shared_ptr<ResponseStream>, std::int64_t after) { seen = after; });
  auto response = visitor.get("/events?after=12");
  CHECK(response.content_type.starts_with("text/event-stream"));
  REQUIRE(response.stream);
  response.stream(nullptr);
  CHECK(seen == 12);
  response = visitor.send("GET", "/events?after=12", {}, {{"last-event-id", "40"}});
  response.stream(nullptr);
  CHECK(seen == 40);
}
