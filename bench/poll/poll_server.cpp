// Serves /feed-N.xml for any N: a small RSS feed per path with an ETag and a
// Last-Modified; a request that sends either one back gets 304. Prints its port, then
// serves until SIGINT or SIGTERM.
//
// `poll_server alerts` (for bench/scale): the first story of each feed also mentions
// Abrams tanks for Ukraine, and POSTs to /hook are accepted with 204, so that each feed
// raises one alert delivered to the same server.

#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "tests/support/http_server.h"

namespace {

using newsmon::test::RecordedRequest;
using newsmon::test::Reply;

constexpr const char* k_last_modified = "Mon, 30 Jan 2023 09:00:00 GMT";
constexpr int k_items = 10;

std::string feed_xml(const std::string& name, bool alerts) {
  std::string items;
  for (int i = 0; i < k_items; ++i) {
    items += fmt::format(
        "<item><guid isPermaLink=\"false\">{0}-{1}</guid><title>Story {1} of {0}</title>"
        "<link>https://news.example.org/{0}/{1}</link><description>Ministers met on "
        "{1} January to discuss trade, energy and the budget of {0}.{3}</description>"
        "<pubDate>Mon, {2:02} Jan 2023 08:00:00 GMT</pubDate></item>\n",
        name, i, 30 - i, alerts && i == 0 ? " They also pledged Abrams tanks to Ukraine." : "");
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>{0}</title><link>https://news.example.org/{0}</link><description>Bench feed "
      "{0}</description>\n{1}</channel></rss>\n",
      name, items);
}

Reply serve(const RecordedRequest& request, bool alerts) {
  const auto path = request.path();
  const auto etag = fmt::format("\"{}-v1\"", path);
  if (request.header("if-none-match") == etag ||
      request.header("if-modified-since") == k_last_modified) {
    return Reply::status_only(304).header("ETag", etag);
  }
  return Reply::ok(feed_xml(path.substr(1), alerts), "application/rss+xml; charset=utf-8")
      .header("ETag", etag)
      .header("Last-Modified", k_last_modified);
}

}  // namespace

int main(int argc, char** argv) {
  const bool alerts = argc > 1 && std::string_view(argv[1]) == "alerts";
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the server's thread inherits the mask

  newsmon::test::HttpServer server;
  server.set_recording(newsmon::test::Recording::off);
  server.set_fallback([alerts](const RecordedRequest& request) { return serve(request, alerts); });
  if (alerts) server.set("/hook", Reply::status_only(204));
  std::printf("%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  return 0;
}
