#include <catch2/catch.hpp>

#include "daemon/feed/parse.h"
#include "daemon/poll/verdict.h"
#include "tests/support/fake_http_client.h"

using namespace newsmon;
using poll::PollResult;
using test::FakeHttpClient;

TEST_CASE("Each way a transfer fails has its result and a message saying what to do",
          "[poll][verdict]") {
  const poll::HttpConfig http;
  const std::vector<std::tuple<fetch::Outcome, PollResult, std::string>> cases = {
      {fetch::Outcome::timeout, PollResult::timeout, "retries with backoff"},
      {fetch::Outcome::too_large, PollResult::too_large, "http.max_body"},
      {fetch::Outcome::connect_failed, PollResult::connect_failed, "check the address"},
      {fetch::Outcome::tls_error, PollResult::tls_error, "certificate"},
      {fetch::Outcome::bad_url, PollResult::bad_url, "fix the feed's URL"},
      {fetch::Outcome::too_many_redirects, PollResult::redirect_loop, "open the URL in a browser"},
      {fetch::Outcome::protocol_error, PollResult::protocol_error, "answer was broken"},
      {fetch::Outcome::cancelled, PollResult::cancelled, "stopped"}};
  for (const auto& [outcome, result, advice] : cases) {
    const auto verdict = poll::classify_response(FakeHttpClient::failure(outcome, "why"), http);
    CHECK(verdict.result == result);
    CHECK_THAT(verdict.error, Catch::Contains(advice));
  }
  CHECK(poll::is_transport_failure(PollResult::timeout));
  CHECK(poll::is_transport_failure(PollResult::connect_failed));
  CHECK_FALSE(poll::is_transport_failure(PollResult::http_error));
}

TEST_CASE("Statuses are read before the body", "[poll][verdict]") {
  const poll::HttpConfig http;
  CHECK(poll::classify_response(FakeHttpClient::status(200), http).result == PollResult::ok);
  CHECK(poll::classify_response(FakeHttpClient::status(304), http).result ==
        PollResult::not_modified);
  const auto throttled =
      poll::classify_response(FakeHttpClient::status(429, {{"retry-after", "60"}}), http);
  CHECK(throttled.result == PollResult::throttled);
  CHECK_THAT(throttled.error, Catch::Contains("Retry-After: 60"));
  CHECK(poll::classify_response(FakeHttpClient::status(204), http).result ==
        PollResult::not_a_feed);
  const auto missing = poll::classify_response(FakeHttpClient::status(404), http);
  CHECK(missing.result == PollResult::http_error);
  CHECK_THAT(missing.error, Catch::Contains("HTTP 404") && Catch::Contains("new address"));
}

TEST_CASE("A body is a feed, a damaged feed, an HTML page or nothing usable", "[poll][verdict]") {
  const auto read = [](const std::string& body) {
    return poll::classify_document(feed::parse_feed(body, {}));
  };
  CHECK(read("<rss version=\"2.0\"><channel><title>T</title></channel></rss>").result ==
        PollResult::ok);
  const auto damaged = read("<rss version=\"2.0\"><channel><item><title>A</title></item>");
  CHECK(damaged.result == PollResult::ok);
  CHECK_THAT(damaged.error, Catch::Contains("malformed"));
  CHECK(read("<!DOCTYPE html><html><body>Please log in</body></html>").result ==
        PollResult::html_page);
  CHECK(read("just text").result == PollResult::not_a_feed);
  const auto failed = poll::ingest_failed(util::Error{"disk full"});
  CHECK(failed.result == PollResult::internal_error);
  CHECK_THAT(failed.error, Catch::Contains("disk full") && Catch::Contains("next poll"));
}

TEST_CASE("Validators are kept exactly as received: a 200 replaces, a 304 updates",
          "[poll][verdict]") {
  store::FeedState state;
  const auto full = FakeHttpClient::status(200, {{"etag", "W/\"a b\""}});
  poll::record_response(state, full, {PollResult::ok, {}}, 3, 100);
  CHECK(state.etag == "W/\"a b\"");
  CHECK(state.last_modified.empty());
  CHECK(state.last_result == PollResult::ok);
  CHECK(state.last_new_items == 3);
  CHECK(state.last_poll_at == 100);

  const auto unchanged =
      FakeHttpClient::status(304, {{"last-modified", "Mon, 30 Jan 2023 09:00:00 GMT"}});
  poll::record_response(state, unchanged, {PollResult::not_modified, {}}, 0, 200);
  CHECK(state.etag == "W/\"a b\"");
  CHECK(state.last_modified == "Mon, 30 Jan 2023 09:00:00 GMT");
  CHECK(state.last_http_status == 304);

  poll::record_response(state, FakeHttpClient::status(500), {PollResult::http_error, "HTTP 500"}, 0,
                        300);
  CHECK(state.etag == "W/\"a b\"");
  CHECK(state.last_error == "HTTP 500");
}
