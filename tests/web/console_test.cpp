#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "daemon/util/clock.h"
#include "daemon/web/console.h"
#include "tests/support/paths.h"
#include "tests/web/fake_source.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;

namespace {

const util::FakeClock k_clock(util::from_epoch_seconds(1'675'100'000));
constexpr Epoch k_now = 1'675'100'000;

// What the configuration lets a silence name.
const alert::SilenceNames k_names{{"arms-supply", "alliance-summit"},
                                  {"alliance_diplomacy", "arms_transfer"},
                                  {"https://wire.example/feed.xml"},
                                  {"analysts"}};

std::string header(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

// A browser of one console: keeps its cookie, reads the CSRF token of the last page.
struct Visitor {
  explicit Visitor(Console& serving) : console(serving) {}

  Console& console;
  std::string host = "127.0.0.1:8080";
  std::string cookie;
  std::string csrf;

  HttpResponse send(std::string method, std::string target, std::string body = {},
                    HeaderFields extra = {}) {
    HttpRequest request{std::move(method), std::move(target), std::move(extra), std::move(body)};
    request.headers.emplace_back("host", host);
    if (!cookie.empty()) request.headers.emplace_back("cookie", "newsmon_session=" + cookie);
    auto response = console.handle(request);
    const auto set = header(response, "Set-Cookie");
    if (!set.empty()) cookie = set.substr(16, set.find(';') - 16);
    std::smatch found;
    if (std::regex_search(response.body, found,
                          std::regex("name=\"csrf\" value=\"([0-9a-f]+)\""))) {
      csrf = found[1];
    }
    return response;
  }
  HttpResponse get(std::string target) { return send("GET", std::move(target)); }
  HttpResponse post(std::string target, std::string body) {
    return send("POST", std::move(target), std::move(body));
  }
};

}  // namespace

TEST_CASE("Every answer carries a strict Content-Security-Policy and is not cached",
          "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
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
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
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
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
  Visitor visitor{console};
  visitor.host = "attacker.example:8080";  // a DNS name rebound to 127.0.0.1
  CHECK(visitor.get("/alerts").status == 421);
  visitor.host = "localhost:8080";
  CHECK(visitor.get("/alerts").status == 200);
}

TEST_CASE("A state change needs POST, this console's CSRF token and its own origin",
          "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
  console.set_rules(nullptr, {}, k_names);
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
  Console console(source, Authenticator::load(config).value(), std::chrono::hours(1), k_clock);
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
  Console console(source, Authenticator::load(config).value(), std::chrono::hours(1), k_clock);
  Visitor visitor{console};
  visitor.get("/login");
  const auto response = visitor.post(
      "/login", "token=a-long-enough-token-123&next=%2F%2Fevil.example%2F&csrf=" + visitor.csrf);
  CHECK(header(response, "Location") == "/alerts");
}

TEST_CASE("The alerts list pages by fifty and keeps its filters in the links", "[web][console]") {
  FakeSource source;
  for (int id = 1; id <= 120; ++id) source.add_alert(id, "story " + std::to_string(id));
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
  Visitor visitor{console};
  auto body = visitor.get("/alerts?topic=arms_transfer&severity=high&q=tanks").body;
  CHECK(source.last_filter.topic == "arms_transfer");
  CHECK(source.last_filter.min_severity == rules::Severity::high);
  CHECK(source.last_filter.text == "tanks");
  CHECK(source.last_filter.limit == 50);
  CHECK(body.find("story 120") != std::string::npos);
  CHECK(body.find("story 70<") == std::string::npos);
  CHECK(body.find(
            "href=\"/alerts?before=71&amp;q=tanks&amp;severity=high&amp;topic=arms_transfer\"") !=
        std::string::npos);
  body = visitor.get("/alerts?before=71").body;
  CHECK(source.last_filter.before_id == 71);
  CHECK(body.find("story 70<") != std::string::npos);
  CHECK(body.find("data-live-after") == std::string::npos);  // older pages do not grow live
}

TEST_CASE("/events streams from the alert the page showed, or the browser saw last",
          "[web][console]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
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

TEST_CASE("A silence must name what the configuration has, as `newsmon silence add` says",
          "[web][console][silences]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
  console.set_rules(nullptr, {}, k_names);
  Visitor visitor{console};
  visitor.get("/silences");
  const auto post = [&](const std::string& form) {
    return visitor.post("/silences", form + "&hours=24&csrf=" + visitor.csrf);
  };
  auto response = post("rule=arms-suply");
  CHECK(response.status == 400);
  CHECK(response.body.find("rule &#39;arms-suply&#39; matches nothing configured; did you mean "
                           "&#39;arms-supply&#39;?") != std::string::npos);
  CHECK(response.body.find("value=\"arms-suply\"") != std::string::npos);  // the form kept
  response = post("endpoint=analyst&topic=arms_transfers");
  CHECK(response.body.find("topic &#39;arms_transfers&#39; matches nothing") != std::string::npos);
  CHECK(response.body.find("endpoint &#39;analyst&#39; matches nothing") != std::string::npos);
  CHECK(post("query=tanks%20OR").body.find("query: ") != std::string::npos);
  CHECK(post("comment=all").body.find("say what to silence") != std::string::npos);
  CHECK(source.silences_held.empty());
  CHECK(post("rule=arms-*&feed=https://wire.example/*&endpoint=analysts&query=tanks").status ==
        303);
  REQUIRE(source.silences_held.size() == 1);
  CHECK(source.silences_held[0].matchers ==
        store::SilenceMatchers{"arms-*", "", "https://wire.example/*", "analysts", "tanks"});
}

TEST_CASE("Silences are listed with what they match and held, and expire from the list",
          "[web][console][silences]") {
  FakeSource source;
  REQUIRE(source.add_silence(
      {{"arms-*", "", "", "analysts", ""}, "<b>summit</b>", "ana", k_now - 60, k_now + 3600},
      k_now - 60));
  source.silences_held[0].held_deliveries = 12;
  REQUIRE(source.add_silence(
      {{"", "arms_transfer", "", "", ""}, "", "bo", k_now - 7200, k_now - 3600}, k_now - 7200));
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
  Visitor visitor{console};
  auto body = visitor.get("/silences").body;
  CHECK(body.find("<code>rule=arms-*</code> <code>endpoint=analysts</code>") != std::string::npos);
  CHECK(body.find("&lt;b&gt;summit&lt;/b&gt;") != std::string::npos);
  CHECK(body.find("action=\"/silences/1/expire\"") != std::string::npos);
  CHECK(body.find("action=\"/silences/2/expire\"") == std::string::npos);  // ended already
  CHECK(body.find("<td>12</td>") != std::string::npos);
  const auto response = visitor.post("/silences/1/expire", "csrf=" + visitor.csrf);
  CHECK(response.status == 303);
  CHECK_FALSE(source.silences_held[0].active_at(k_now));
  CHECK(visitor.post("/silences/9/expire", "csrf=" + visitor.csrf).status == 404);
}

TEST_CASE("An alert's page shows every rule with a silence button, and every delivery",
          "[web][console]") {
  FakeSource source;
  auto& alert = source.add_alert(7, "Abrams for Ukraine");
  alert.summary.rules = {"arms-supply", "alliance-summit"};
  alert.matches = {
      {"arms-supply",
       "Arms supply",
       {"arms_transfer"},
       rules::Severity::high,
       {{rules::Field::title, 0, 6, "Abrams"}},
       {},
       false},
      {"alliance-summit", "Summit", {"alliance_diplomacy"}, rules::Severity::medium, {}, {}, true}};
  web::DeliveryView first;
  first.endpoint = "analysts";
  first.webhook_id = "msg_0123456789abcdef";
  first.rules = {"arms-supply"};
  first.state = "delivered";
  first.attempts = 2;
  first.http_status = 204;
  web::DeliveryView follow_up = first;
  follow_up.sequence = 1;
  follow_up.webhook_id = "msg_fedcba9876543210";
  follow_up.state = "pending";
  follow_up.http_status = 500;
  follow_up.next_attempt_at = k_now + 120;
  web::DeliveryView held = first;
  held.endpoint = "newsroom";
  held.state = "held";
  held.hold = "silenced";
  held.silence_id = 3;
  alert.deliveries = {first, follow_up, held};
  Console console(source, Authenticator(), std::chrono::hours(1), k_clock);
  Visitor visitor{console};
  const auto body = visitor.get("/alerts/7").body;
  for (const char* rule : {"arms-supply", "alliance-summit"}) {
    INFO(rule);
    CHECK(body.find(std::string("name=\"rule\" value=\"") + rule + "\"") != std::string::npos);
  }
  CHECK(body.find("Silence this rule for 24 h") != std::string::npos);
  CHECK(body.find("Matched another outlet's copy") != std::string::npos);
  CHECK(body.find("msg_0123456789abcdef") != std::string::npos);
  CHECK(body.find("follow-up 1") != std::string::npos);
  CHECK(body.find("msg_fedcba9876543210") != std::string::npos);
  CHECK(body.find("href=\"/silences#silence-3\"") != std::string::npos);
  CHECK(visitor.get("/alerts").body.find("<code>alliance-summit</code>") != std::string::npos);
}
