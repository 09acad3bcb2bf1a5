#include <catch2/catch.hpp>

#include "daemon/web/console.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::header;
using test::k_console_clock;
using test::k_console_now;
using test::k_silence_names;
using test::Visitor;

TEST_CASE("A silence must name what the configuration has, as `newsmon silence add` says",
          "[web][console][silences]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  console.set_rules(test::console_rules(nullptr));
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
  REQUIRE(source.add_silence({{"arms-*", "", "", "analysts", ""},
                              "<b>summit</b>",
                              "ana",
                              k_console_now - 60,
                              k_console_now + 3600},
                             k_console_now - 60));
  source.silences_held[0].held_deliveries = 12;
  REQUIRE(source.add_silence(
      {{"", "arms_transfer", "", "", ""}, "", "bo", k_console_now - 7200, k_console_now - 3600},
      k_console_now - 7200));
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  auto body = visitor.get("/silences").body;
  CHECK(body.find("<code>rule=arms-*</code> <code>endpoint=analysts</code>") != std::string::npos);
  CHECK(body.find("&lt;b&gt;summit&lt;/b&gt;") != std::string::npos);
  CHECK(body.find("action=\"/silences/1/expire\"") != std::string::npos);
  CHECK(body.find("action=\"/silences/2/expire\"") == std::string::npos);  // ended already
  CHECK(body.find("<td>12</td>") != std::string::npos);
  const auto response = visitor.post("/silences/1/expire", "csrf=" + visitor.csrf);
  CHECK(response.status == 303);
  CHECK_FALSE(source.silences_held[0].active_at(k_console_now));
  CHECK(visitor.post("/silences/9/expire", "csrf=" + visitor.csrf).status == 404);
}
