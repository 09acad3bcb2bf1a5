// `newsmon parse` as a user runs it: a real process, on a file and on a local HTTP server.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "daemon/util/text.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::data_dir;
using newsmon::test::run_newsmon;
using nlohmann::json;

TEST_CASE("newsmon parse prints a feed file as JSON with links resolved against --url",
          "[app][parse]") {
  const auto result =
      run_newsmon({"parse", (data_dir() / "feed" / "rss20-full.xml").string(), "--url",
                   "https://news.example.org/world/rss.xml", "--config", "/nonexistent.yaml"});
  REQUIRE(result.exit_code == 0);
  const json parsed = json::parse(result.out);
  CHECK(parsed["feed"]["format"] == "rss20");
  CHECK(parsed["feed"]["title"] == "World News & Analysis");
  REQUIRE(parsed["entries"].size() == 4);
  CHECK(parsed["entries"][0]["published"] == 1675066320);
  CHECK(parsed["entries"][0]["published_status"] == "parsed");
  CHECK(parsed["entries"][1]["link"] == "https://news.example.org/world/2023/01/30/poland-tanks");
  CHECK(parsed["entries"][2]["published"].is_null());
  CHECK(parsed["entries"][3]["published_status"] == "unreadable");
  CHECK(parsed["report"]["well_formed"] == true);
}

TEST_CASE("newsmon parse applies --content-type to choose the encoding", "[app][parse]") {
  const auto result =
      run_newsmon({"parse", (data_dir() / "feed" / "charsets" / "windows-1251.xml").string(),
                   "--content-type", "text/xml"});
  REQUIRE(result.exit_code == 0);
  const json parsed = json::parse(result.out);
  CHECK(parsed["report"]["encoding"] == "windows-1251");
  CHECK(parsed["report"]["warnings"][0] == "declared as us-ascii, read as windows-1251");
}

TEST_CASE("newsmon parse reports an HTML page and exits 1", "[app][parse]") {
  const auto result =
      run_newsmon({"parse", (data_dir() / "feed" / "broken" / "bot-wall.html").string()});
  CHECK(result.exit_code == 1);
  const json parsed = json::parse(result.out);
  CHECK(parsed["report"]["is_html_page"] == true);
  CHECK(result.err.find("HTML page") != std::string::npos);
}

TEST_CASE("newsmon parse fetches a URL and uses the response's Content-Type", "[app][parse]") {
  auto bytes = newsmon::util::read_file(data_dir() / "feed" / "charsets" / "koi8-r.xml");
  REQUIRE(bytes);
  newsmon::test::HttpServer server;
  server.set("/feed.xml", newsmon::test::Reply::ok(*bytes, "application/rss+xml; charset=koi8-r"));
  server.set("/moved", newsmon::test::Reply::redirect(301, server.url("/feed.xml")));
  const auto result = run_newsmon({"parse", server.url("/moved"), "--config", "/nonexistent.yaml"});
  REQUIRE(result.exit_code == 0);
  const json parsed = json::parse(result.out);
  CHECK(parsed["feed"]["title"] == "Известия");
  CHECK(parsed["report"]["encoding"] == "koi8-r");
}

TEST_CASE("newsmon parse explains a missing file and a failing server", "[app][parse]") {
  const auto missing = run_newsmon({"parse", "/nonexistent/feed.xml"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("/nonexistent/feed.xml") != std::string::npos);
  newsmon::test::HttpServer server;
  server.set("/gone", newsmon::test::Reply::status_only(404));
  const auto gone = run_newsmon({"parse", server.url("/gone"), "--config", "/nonexistent.yaml"});
  CHECK(gone.exit_code == 1);
  CHECK(gone.err.find("HTTP status 404") != std::string::npos);
}
