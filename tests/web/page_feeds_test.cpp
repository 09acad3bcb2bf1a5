#include <catch2/catch.hpp>

#include "daemon/web/console.h"
#include "tests/web/fake_source.h"
#include "tests/web/visitor.h"

using namespace newsmon;
using namespace newsmon::web;
using test::FakeSource;
using test::k_console_clock;
using test::k_console_now;
using test::Visitor;

namespace {

FeedView feed_view(std::int64_t id, std::string title, FeedHealth health, int failures = 0) {
  FeedView view;
  view.id = id;
  view.url = "https://wire" + std::to_string(id) + ".example/feed.xml";
  view.title = std::move(title);
  view.health = health;
  view.result = health == FeedHealth::failing ? "http_error" : "ok";
  view.consecutive_failures = failures;
  view.last_poll_at = k_console_now - 60 * id;
  view.next_poll_at = k_console_now + 60 * id;
  view.items_7d = 10 * id;
  return view;
}

std::size_t at(const std::string& body, const std::string& text) {
  const auto found = body.find(text);
  INFO(text);
  CHECK(found != std::string::npos);
  return found;
}

}  // namespace

TEST_CASE("Failing feeds come first and say what failed, how often and with what status",
          "[web][feeds]") {
  FakeSource source;
  source.feeds_held = {feed_view(1, "Calm Wire", FeedHealth::ok),
                       feed_view(2, "Broken Wire", FeedHealth::failing, 4),
                       feed_view(3, "", FeedHealth::never_polled)};
  source.feeds_held[1].http_status = 503;
  source.feeds_held[1].error = "<Service Unavailable>";
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  const auto body = visitor.get("/feeds").body;
  CHECK(at(body, "Broken Wire") < at(body, "https://wire3.example/feed.xml"));
  CHECK(at(body, "https://wire3.example/feed.xml") < at(body, "Calm Wire"));
  at(body, "http_error (HTTP 503): &lt;Service Unavailable&gt; — 4 failures in a row");
  at(body, "href=\"/alerts?feed=2\"");
  at(body, "not polled yet");
}

TEST_CASE("The feeds sort by the column asked for, by state otherwise", "[web][feeds]") {
  FakeSource source;
  source.feeds_held = {feed_view(1, "Alpha", FeedHealth::ok), feed_view(2, "Bravo", FeedHealth::ok),
                       feed_view(3, "Charlie", FeedHealth::failing, 1)};
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  auto body = visitor.get("/feeds?sort=items").body;
  CHECK(at(body, "Charlie") < at(body, "Bravo"));
  CHECK(at(body, "Bravo") < at(body, "Alpha"));
  at(body, "href=\"/feeds?sort=items\" aria-current=\"true\"");
  body = visitor.get("/feeds?sort=feed").body;
  CHECK(at(body, "Alpha") < at(body, "Bravo"));
  body = visitor.get("/feeds?sort=nonsense").body;
  CHECK(at(body, "Charlie") < at(body, "Alpha"));
  at(body, "href=\"/feeds?sort=state\" aria-current=\"true\"");
}

TEST_CASE("Without feeds the page says none are configured", "[web][feeds]") {
  FakeSource source;
  Console console(source, Authenticator(), std::chrono::hours(1), k_console_clock);
  Visitor visitor{console};
  at(visitor.get("/feeds").body, "No feeds are configured.");
}
