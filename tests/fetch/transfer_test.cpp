// One transfer, run by CurlClient: the request as sent (headers, validators, body), the
// response as received (status, final headers, decoded body, redirect hops), the limits,
// and how each way of failing is reported.

#include <catch2/catch.hpp>

#include "daemon/fetch/curl_client.h"
#include "tests/fetch/client_helpers.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"

using namespace newsmon::fetch;
using namespace newsmon::fetch::test;
using newsmon::test::Behaviour;
using newsmon::test::HttpServer;
using newsmon::test::RecordedRequest;
using newsmon::test::Reply;

TEST_CASE("A GET returns status, body and the final headers as received", "[fetch]") {
  HttpServer server;
  server.set(
      "/feed.xml",
      Reply::ok("<rss>é</rss>", "text/xml; charset=windows-1251").header("ETag", "W/\"abc\""));
  ClientOptions options;
  options.user_agent = "newsmon/0.1 (+mailto:ops@example.org)";
  const auto response = fetch(get(server.url("/feed.xml")), options);
  CHECK(response.outcome == Outcome::completed);
  CHECK(response.status == 200);
  CHECK(response.body == "<rss>é</rss>");
  CHECK(response.header("content-type") == "text/xml; charset=windows-1251");
  CHECK(response.header("etag") == "W/\"abc\"");
  CHECK(response.effective_url == server.url("/feed.xml"));
  CHECK(response.redirects.empty());
  CHECK(response.http_version == HttpVersion::http1_1);  // plain http is never upgraded
  CHECK(response.wire_bytes > response.body.size());
  const auto sent = server.requests("/feed.xml").at(0);
  CHECK(sent.header("user-agent") == "newsmon/0.1 (+mailto:ops@example.org)");
  CHECK(sent.header("if-none-match") == std::nullopt);
}

TEST_CASE("Validators are sent back byte for byte and a 304 comes back empty", "[fetch]") {
  HttpServer server;
  const std::string etag = "W/\"5e8-1a2b; q=\\\"x\\\"\"";
  const std::string last_modified = "Mon, 30 Jan 2023 09:12:00 GMT";
  server.set("/feed.xml", [&](const RecordedRequest& request) {
    if (request.header("if-none-match") == etag &&
        request.header("if-modified-since") == last_modified) {
      return Reply::status_only(304).header("ETag", etag);
    }
    return Reply::ok("<rss/>").header("ETag", etag).header("Last-Modified", last_modified);
  });
  const auto first = fetch(get(server.url("/feed.xml")));
  REQUIRE(first.status == 200);
  Request again = get(server.url("/feed.xml"));
  again.if_none_match = first.header("etag").value();
  again.if_modified_since = first.header("last-modified").value();
  const auto second = fetch(again);
  CHECK(second.outcome == Outcome::completed);
  CHECK(second.status == 304);
  CHECK(second.body.empty());
  const auto requests = server.requests("/feed.xml");
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].header("if-none-match") == etag);
  CHECK(requests[1].header("if-modified-since") == last_modified);
}

TEST_CASE("Each redirect hop is recorded with its status and absolute target", "[fetch]") {
  HttpServer server;
  server.set("/old", Reply::redirect(301, "/moved"));
  server.set("/moved", Reply::redirect(302, server.url("/temp")));
  server.set("/temp", Reply::redirect(307, "final?x=1"));
  server.set("/final", Reply::ok("done").header("X-Final", "yes"));
  const auto response = fetch(get(server.url("/old")));
  CHECK(response.outcome == Outcome::completed);
  CHECK(response.status == 200);
  CHECK(response.body == "done");
  REQUIRE(response.redirects.size() == 3);
  CHECK(response.redirects[0].status == 301);
  CHECK(response.redirects[0].location == server.url("/moved"));
  CHECK(response.redirects[1].status == 302);
  CHECK(response.redirects[1].location == server.url("/temp"));
  CHECK(response.redirects[2].status == 307);
  CHECK(response.redirects[2].location == server.url("/final?x=1"));
  CHECK(response.effective_url == server.url("/final?x=1"));
  CHECK(response.header("x-final") == "yes");
  CHECK(response.header("location") == std::nullopt);
}

TEST_CASE("A 308 is recorded as permanent", "[fetch]") {
  HttpServer server;
  server.set("/a", Reply::redirect(308, "/b"));
  server.set("/b", Reply::ok("b"));
  const auto response = fetch(get(server.url("/a")));
  REQUIRE(response.redirects.size() == 1);
  CHECK(response.redirects[0].status == 308);
  CHECK(response.body == "b");
}

TEST_CASE("A redirect loop ends after the redirect limit", "[fetch]") {
  HttpServer server;
  server.set("/a", Reply::redirect(302, "/b"));
  server.set("/b", Reply::redirect(302, "/a"));
  Request request = get(server.url("/a"));
  request.limits.max_redirects = 4;
  const auto response = fetch(request);
  CHECK(response.outcome == Outcome::too_many_redirects);
  CHECK_THAT(response.error, Catch::Contains("more than 4 redirects"));
  CHECK(server.request_count() == 5);
}

TEST_CASE("A redirect to another scheme is refused", "[fetch]") {
  HttpServer server;
  SECTION("ftp") {
    server.set("/feed", Reply::redirect(301, "ftp://127.0.0.1/feed.xml"));
    const auto response = fetch(get(server.url("/feed")));
    CHECK(response.outcome == Outcome::bad_url);
    CHECK_THAT(response.error, Catch::Contains("ftp://127.0.0.1/feed.xml"));
  }
  SECTION("file, even when the request may read files") {
    server.set("/feed", Reply::redirect(302, "file:///etc/passwd"));
    Request request = get(server.url("/feed"));
    request.file_urls = FileUrls::allow;
    const auto response = fetch(request);
    CHECK(response.outcome == Outcome::bad_url);
    CHECK(response.body.empty());
  }
}

TEST_CASE("Only http and https URLs are fetched unless files are allowed", "[fetch]") {
  newsmon::test::TempDir dir;
  newsmon::test::write_file(dir / "feed.xml", "<rss/>");
  const std::string file_url = "file://" + (dir / "feed.xml").string();
  SECTION("other schemes and relative URLs are bad URLs") {
    const auto responses = fetch_all({get("ftp://127.0.0.1/x"), get("/relative"), get(file_url)});
    for (const auto& response : responses) CHECK(response.outcome == Outcome::bad_url);
    CHECK_THAT(responses[0].error, Catch::Contains("'ftp' is not allowed"));
    CHECK_THAT(responses[1].error, Catch::Contains("not an absolute URL"));
  }
  SECTION("a file URL is read when the request allows it") {
    Request request = get(file_url);
    request.file_urls = FileUrls::allow;
    const auto response = fetch(request);
    CHECK(response.outcome == Outcome::completed);
    CHECK(response.status == 200);
    CHECK(response.body == "<rss/>");
    CHECK(response.http_version == HttpVersion::none);
  }
}

TEST_CASE("A body larger than the cap is refused", "[fetch]") {
  HttpServer server;
  server.set("/big", Reply::ok(std::string(300'000, 'x')));
  Request request = get(server.url("/big"));
  request.limits.max_body = 100'000;
  const auto response = fetch(request);
  CHECK(response.outcome == Outcome::too_large);
  CHECK(response.body.empty());
  CHECK_THAT(response.error, Catch::Contains("100000 bytes"));
}

TEST_CASE("A gzip body is decoded, and a gzip bomb stops at the cap", "[fetch]") {
  HttpServer server;
  Reply small = Reply::ok("<rss>compressed</rss>", "application/rss+xml");
  small.gzip = true;
  server.set("/small", small);
  Reply bomb = Reply::ok(std::string(16u << 20, '\0'));
  bomb.gzip = true;
  server.set("/bomb", bomb);

  Request bomb_request = get(server.url("/bomb"));
  bomb_request.limits.max_body = 1u << 20;
  const auto responses = fetch_all({get(server.url("/small")), bomb_request});
  CHECK(responses[0].outcome == Outcome::completed);
  CHECK(responses[0].body == "<rss>compressed</rss>");
  CHECK(responses[0].header("content-encoding") == "gzip");
  CHECK_THAT(server.requests("/small").at(0).header("accept-encoding").value_or(""),
             Catch::Contains("gzip"));
  CHECK(responses[1].outcome == Outcome::too_large);
  CHECK(responses[1].body.empty());
}

TEST_CASE("A server that accepts and never answers times out", "[fetch]") {
  HttpServer server;
  Reply silent;
  silent.behaviour = Behaviour::never_answer;
  server.set("/silent", silent);
  Request request = get(server.url("/silent"));
  request.limits.total_timeout = std::chrono::milliseconds(300);
  const auto response = fetch(request);
  CHECK(response.outcome == Outcome::timeout);
  CHECK(response.status == 0);
  CHECK_FALSE(response.error.empty());
}

TEST_CASE("A slow trickle is cut off by the low-speed limit", "[fetch]") {
  HttpServer server;
  Reply slow = Reply::ok(std::string(5000, 'x'));
  slow.trickle_bytes = 1;
  slow.trickle_interval = std::chrono::milliseconds(50);
  server.set("/slow", slow);
  Request request = get(server.url("/slow"));
  request.limits.low_speed_bytes_per_second = 1000;
  request.limits.low_speed_time = std::chrono::seconds(1);
  const auto response = fetch(request);
  CHECK(response.outcome == Outcome::timeout);
  CHECK_THAT(response.error, Catch::Contains("too slow"));
}

TEST_CASE("A closed connection without an answer is a protocol error", "[fetch]") {
  HttpServer server;
  Reply drop;
  drop.behaviour = Behaviour::close_without_answer;
  server.set("/drop", drop);
  const auto response = fetch(get(server.url("/drop")));
  CHECK(response.outcome == Outcome::protocol_error);
}

TEST_CASE("A refused connection is reported as a connection failure", "[fetch]") {
  std::string url;
  {
    HttpServer gone;
    url = gone.url("/feed.xml");
  }
  const auto response = fetch(get(url));
  CHECK(response.outcome == Outcome::connect_failed);
}

TEST_CASE("A POST sends its body and headers and does not follow redirects", "[fetch]") {
  HttpServer server;
  server.set("/hook", Reply::redirect(302, "/elsewhere"));
  Request request = get(server.url("/hook"));
  request.method = Method::post;
  request.body = std::string(5000, 'j');  // large enough that curl would ask for 100-continue
  request.headers = {{"Content-Type", "application/json"}, {"webhook-id", "msg_1"}};
  request.limits.max_redirects = 0;
  const auto response = fetch(request);
  CHECK(response.outcome == Outcome::completed);
  CHECK(response.status == 302);
  CHECK(response.redirects.empty());
  CHECK(server.request_count("/elsewhere") == 0);
  const auto sent = server.requests("/hook").at(0);
  CHECK(sent.method == "POST");
  CHECK(sent.body == request.body);
  CHECK(sent.header("webhook-id") == "msg_1");
  CHECK(sent.header("content-type") == "application/json");
  CHECK(sent.header("expect") == std::nullopt);
}

TEST_CASE("A line break in a request header or a validator is refused before anything is sent",
          "[fetch]") {
  HttpServer server;
  server.set("/feed", Reply::ok("<rss/>"));
  Request in_value = get(server.url("/feed"));
  in_value.headers = {{"X-Note", "a\r\nInjected: yes"}};
  Request in_name = get(server.url("/feed"));
  in_name.headers = {{"X-Note\nInjected", "yes"}};
  Request in_etag = get(server.url("/feed"));
  in_etag.if_none_match = "\"v1\"\r\nInjected: yes";
  Request in_date = get(server.url("/feed"));
  in_date.if_modified_since = "Mon, 30 Jan 2023 09:12:00 GMT\n";
  const auto responses = fetch_all({in_value, in_name, in_etag, in_date});
  for (const auto& response : responses) {
    CHECK(response.outcome == Outcome::bad_url);
    CHECK(response.status == 0);
  }
  CHECK(responses[0].error == "the request header 'X-Note' contains a line break");
  CHECK_THAT(responses[1].error, Catch::Contains("contains a line break"));
  CHECK(responses[2].error == "a stored validator (ETag or Last-Modified) contains a line break");
  CHECK(responses[3].error == responses[2].error);
  CHECK(server.request_count() == 0);
}

TEST_CASE("A file that cannot be read is reported as a connection failure", "[fetch]") {
  newsmon::test::TempDir dir;
  Request request = get("file://" + (dir / "missing.xml").string());
  request.file_urls = FileUrls::allow;
  const auto response = fetch(request);
  CHECK(response.outcome == Outcome::connect_failed);
  CHECK(response.status == 0);
  CHECK_FALSE(response.error.empty());
  CHECK(response.effective_url == request.url);
}
