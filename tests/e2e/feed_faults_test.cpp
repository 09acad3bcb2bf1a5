// The feed fault matrix: one daemon polls 22 feeds at once, each showing a fault
// real servers show (resets, lies, throttling, loops, trickles, stalls, bad certificates,
// names that do not resolve...). For each, the daemon keeps running and the feed's state
// says what happened; once the servers heal, every story arrives, each under one webhook
// id, and none twice.

#include <fmt/format.h>

#include <atomic>
#include <csignal>

#include "tests/e2e/fault_matrix.h"

using namespace newsmon::test;
using namespace newsmon::test::matrix;
using Catch::Matchers::Contains;

namespace {

struct FeedFault {
  std::string name;        ///< the path is /<name>.xml and the story "<name> sends tanks"
  std::string url;         ///< when not on the fault server's HTTP port
  std::string expected;    ///< last_result while the fault lasts
  std::string says;        ///< a piece of last_error while it lasts
  bool heals = true;       ///< whether the server can heal it (a name that does not resolve cannot)
  std::string story = {};  ///< the story it delivers once healed, when not "<name> sends tanks"
};

// A feed that gains a story on every request until `frozen`, with an ETag per version or
// one ETag for ever (a server that ignores If-None-Match and never changes its validator).
Handler growing(const std::string& name, bool constant_etag,
                std::shared_ptr<const std::atomic<bool>> frozen) {
  auto count = std::make_shared<std::atomic<int>>(0);
  return [name, constant_etag, count, frozen](const RecordedRequest&) {
    const int version = *frozen && *count > 0 ? count->load() : ++*count;
    std::vector<std::string> titles;
    for (int i = 1; i <= version; ++i) titles.push_back(fmt::format("{} {} sends tanks", name, i));
    return Reply::ok(rss(titles), "application/rss+xml")
        .header("ETag", constant_etag ? "\"same\"" : fmt::format("\"v{}\"", version));
  };
}

// Windows-1252 bytes under a header that says UTF-8.
Reply charset_lie() {
  std::string body = rss({"Caf\xc3\xa9 sends tanks"});
  std::string latin;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body.compare(i, 2, "\xc3\xa9") == 0) {
      latin += '\xe9';
      ++i;
    } else {
      latin += body[i];
    }
  }
  return Reply::ok(latin, "application/rss+xml; charset=utf-8");
}

std::vector<FeedFault> script_faults(FaultServer& server,
                                     const std::shared_ptr<std::atomic<bool>>& frozen) {
  const auto feed = [](const std::string& name) { return story_feed(name); };
  const std::string xml = "application/rss+xml";
  std::vector<FeedFault> faults;
  const auto add = [&](FeedFault fault, Reply reply) {
    server.script("/" + fault.name + ".xml", std::move(reply), feed(fault.name));
    faults.push_back(std::move(fault));
  };
  add({"Reset", "", "protocol_error", "the server's answer was broken"},
      faults::reset_mid_body(feed("Reset")));
  // curl does not check that a gzip stream ended: what arrives reads as a feed cut short.
  add({"Gzip", "", "ok", "a truncated download?"},
      faults::truncated_gzip(rss({"Gzip sends tanks"}), xml));
  add({"Length", "", "protocol_error", "the server's answer was broken"},
      faults::wrong_content_length(rss({"Length sends tanks"}), xml));
  add({"Html", "", "html_page", "HTML page instead of a feed"}, faults::html_page());
  add({"Seconds", "", "throttled", "Retry-After: 3"}, faults::throttled(429, "3"));
  server.script(
      "/Date.xml",
      [](const RecordedRequest&) {
        return faults::throttled(503, faults::http_date_in(std::chrono::seconds(8)));
      },
      [](const RecordedRequest&) { return story_feed("Date"); });
  faults.push_back({"Date", "", "throttled", "Retry-After: "});
  add({"Tls", "", "tls_error", "certificate"},
      Reply::redirect(301, server.untrusted_url("/Tls.xml")));
  faults.push_back({"Dns", "http://feed.invalid/Dns.xml", "connect_failed", "resolve", false});
  faults.push_back(
      {"Refused", "http://127.0.0.1:1/Refused.xml", "connect_failed", "connect", false});
  add({"Loop", "", "redirect_loop", "redirects"}, Reply::redirect(302, "/Loop-again.xml"));
  server.http().set("/Loop-again.xml", Reply::redirect(302, "/Loop.xml"));
  add({"Gopher", "", "bad_url", "not an http or https URL"},
      Reply::redirect(302, "gopher://127.0.0.1/Gopher.xml"));
  add({"Trickle", "", "timeout", "very slow"}, faults::one_byte_a_second(feed("Trickle")));
  add({"Stall", "", "timeout", "very slow"}, faults::stall());
  add({"Missing", "", "http_error", "HTTP 404"}, Reply::status_only(404));
  add({"Failing", "", "http_error", "HTTP 500"}, Reply::status_only(500));
  add({"Empty", "", "not_a_feed", "HTTP 204"}, Reply::status_only(204));
  add({"Text", "", "not_a_feed", "not an RSS, Atom or JSON feed"},
      Reply::ok("{\"status\": \"maintenance\"}", "application/json"));
  add({"Bomb", "", "too_large", "larger than the limit"}, faults::gzip_bomb(8u << 20, xml));
  const std::string whole = rss({"Malformed sends tanks"});
  add({"Malformed", "", "ok", "malformed"},
      Reply::ok(whole.substr(0, whole.find("</item>") + 7) + "<item><title>Half", xml)
          .header("ETag", "\"cut\""));
  server.script("/Cafe.xml", charset_lie(), charset_lie());
  faults.push_back({"Cafe", "", "ok", "declared as utf-8, read as windows-1252", true,
                    "Caf\xc3\xa9 sends tanks"});
  const auto changing = growing("Changing", false, frozen);
  server.script("/Changing.xml", changing, changing);
  faults.push_back({"Changing", "", "ok", "", true, "Changing 1 sends tanks"});
  const auto stale = growing("Stale", true, frozen);
  server.script("/Stale.xml", stale, stale);
  faults.push_back({"Stale", "", "ok", "", true, "Stale 1 sends tanks"});
  for (auto& fault : faults) {
    if (fault.url.empty()) fault.url = server.url("/" + fault.name + ".xml");
    if (fault.story.empty()) fault.story = fault.name + " sends tanks";
  }
  return faults;
}

std::string config(const FaultServer& server, const std::vector<FeedFault>& faults) {
  std::string feeds;
  for (const auto& fault : faults)
    feeds += fmt::format("  - {{url: \"{}\", every: 1s}}\n", fault.url);
  return fmt::format(
      "database: newsmon.db\nrules: [rules]\nfeeds:\n{}webhooks:\n"
      "  - {{name: receiver, url: \"{}\", timeout: 10s, retry: {}}}\n{}",
      feeds, server.url("/hook"), patient_retries(), fast_settings());
}

// Whether every feed shows its fault (and has been polled more than once, so that the
// state is not the only poll's by chance).
bool all_faults_shown(const std::map<std::string, FeedRow>& states,
                      const std::vector<FeedFault>& faults) {
  for (const auto& fault : faults) {
    const auto found = states.find(fault.url);
    if (found == states.end() || found->second.last_result != fault.expected) return false;
    if (fault.expected != "ok" && found->second.consecutive_failures < 1) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("Feed faults: the daemon runs on, each feed says what happened, nothing is lost",
          "[e2e][faults]") {
  FaultServer server;
  server.http().set("/hook", Reply::status_only(204));
  const auto growing_frozen = std::make_shared<std::atomic<bool>>(false);
  const auto faults = script_faults(server, growing_frozen);
  REQUIRE(faults.size() >= 20);
  Daemon daemon(config(server, faults));
  const auto& database = daemon.database;

  // The states that showed every fault at once (a later read may catch a poll between).
  std::map<std::string, FeedRow> states;
  const bool shown = wait_until(
      [&] {
        states = feed_states(database);
        return all_faults_shown(states, faults);
      },
      k_patience);
  for (const auto& fault : faults) {
    INFO(fault.name << ": " << states[fault.url].last_result << ": "
                    << states[fault.url].last_error);
    CHECK(states[fault.url].last_result == fault.expected);
    CHECK_THAT(states[fault.url].last_error, Contains(fault.says));
  }
  INFO(daemon.process.stderr_text());
  REQUIRE(shown);
  REQUIRE(daemon.process.running());

  {  // throttled feeds wait as long as Retry-After asks, in seconds and as a date (8 s
     // ahead when the server wrote it, read a moment later), not the 2 s backoff at most
    const auto& seconds = states[server.url("/Seconds.xml")];
    CHECK(seconds.next_poll_at - seconds.last_poll_at >= 3);
    const auto& date = states[server.url("/Date.xml")];
    CHECK(date.next_poll_at - date.last_poll_at >= 3);
  }
  {  // a server that ignores If-None-Match is still read whole each time
    const auto stale_items = [&] {
      return std::stoi(
          query_value(database, "SELECT count(*) FROM items WHERE title LIKE 'Stale %'"));
    };
    REQUIRE(wait_until([&] { return stale_items() >= 2; }, k_patience));
    const auto stale = server.http().requests("/Stale.xml");
    REQUIRE(stale.size() >= 2);
    CHECK(stale.back().header("if-none-match") == std::string("\"same\""));
  }
  {  // a feed cut short is asked for whole again: its ETag is not kept
    CHECK(states[server.url("/Malformed.xml")].etag.empty());
    CHECK(states[server.url("/Gzip.xml")].etag.empty());
  }
  {  // a charset lie is read as the bytes are, and said
    CHECK(query_value(database,
                      "SELECT count(*) FROM items WHERE title = 'Caf\xc3\xa9 sends tanks'") == "1");
  }
  CHECK(server.tls_handshakes() >= 1);  // the certificate was refused at the handshake

  // Healed, every feed that can recover does, and every story arrives once.
  server.heal();
  std::set<std::string> expected;
  for (const auto& fault : faults) {
    if (fault.heals) expected.insert(fault.story);
  }
  const auto all_arrived = [&] {
    const auto got = received(server.http(), "/hook");
    for (const auto& title : expected) {
      if (!got.ids_by_title.contains(title)) return false;
    }
    const auto now = feed_states(database);
    for (const auto& fault : faults) {
      if (fault.heals && now.at(fault.url).last_result != "ok") return false;
    }
    return true;
  };
  const bool arrived = wait_until(all_arrived, k_patience);
  const auto got = received(server.http(), "/hook");
  for (const auto& title : expected) {
    INFO(title);
    CHECK(got.ids_by_title.contains(title));
  }
  REQUIRE(arrived);

  // The growing feeds stop growing, so that what was alerted can be counted whole: once
  // each is asked again, the poll that may have fetched a last story has been stored.
  *growing_frozen = true;
  const auto changing_asked = server.http().request_count("/Changing.xml");
  const auto stale_asked = server.http().request_count("/Stale.xml");
  REQUIRE(wait_until(
      [&] {
        return server.http().request_count("/Changing.xml") > changing_asked &&
               server.http().request_count("/Stale.xml") > stale_asked;
      },
      k_patience));
  // Every alert, and only those, arrived, each under exactly one webhook id.
  Received delivered;
  std::set<std::string> alerted;
  const bool settled = wait_until(
      [&] {
        alerted = alerted_titles(database);
        delivered = received(server.http(), "/hook");
        return delivered.ids_by_title.size() == alerted.size() &&
               query_value(database,
                           "SELECT count(*) FROM deliveries WHERE state <> 'delivered'") == "0";
      },
      k_patience);
  for (const auto& title : alerted) {
    INFO(title);
    REQUIRE(delivered.ids_by_title.contains(title));
    CHECK(delivered.ids_by_title.at(title).size() == 1);
  }
  CHECK(settled);
  for (const auto& fault : faults) {
    if (!fault.heals) CHECK(feed_states(database).at(fault.url).last_result == fault.expected);
  }

  daemon.stop();
}
