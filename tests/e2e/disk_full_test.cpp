// A full disk under a running daemon: its database on a small tmpfs (mounted in a user
// and mount namespace, so no root is needed), filled to the last byte while a feed
// publishes. The daemon keeps running, says so once (not once per poll), keeps asking the
// feed with the validators of what it stored — so the server sends the new stories again
// — and, once space returns, stores and delivers every one of them, once.
//
// Skipped (exit 77) where user namespaces are not allowed.

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <mutex>

#include <catch2/catch.hpp>

#include "daemon/util/text.h"
#include "tests/e2e/fault_matrix.h"

using namespace newsmon::test;
using namespace newsmon::test::matrix;
using Catch::Matchers::Contains;

namespace {

// The daemon inside a mount namespace of its own, with `state` a 16 MiB tmpfs. The shell
// around it fills or frees the tmpfs when the test drops a file named `fill` or `free`
// into `control`, and answers with `filled` or `freed`.
constexpr const char* k_wrapper = R"sh(
set -e
state=$1 control=$2 executable=$3 config=$4
mount -t tmpfs -o size=16m newsmon-test "$state"
"$executable" run --config "$config" &
daemon=$!
echo $daemon > "$control/pid.tmp" && mv "$control/pid.tmp" "$control/pid"
while kill -0 $daemon 2>/dev/null; do
  if [ -e "$control/fill" ]; then
    rm "$control/fill"
    cat /dev/zero > "$state/filler" 2>/dev/null || true
    touch "$control/filled"
  fi
  if [ -e "$control/free" ]; then
    rm "$control/free" "$state/filler"
    touch "$control/freed"
  fi
  sleep 0.05
done
wait $daemon
)sh";

[[noreturn]] void skip(const std::string& why) {
  std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
  std::fflush(stderr);
  std::_Exit(77);
}

// A feed that honours If-None-Match and whose stories carry 200 KB of text each, so that
// storing a few takes more than a full disk has.
class Feed {
 public:
  void add(const std::string& title) {
    std::lock_guard lock(m_mutex);
    m_titles.push_back(title);
  }
  Reply render(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    const std::string etag = fmt::format("\"v{}\"", m_titles.size());
    m_validators.push_back(request.header("if-none-match").value_or(""));
    if (request.header("if-none-match") == etag)
      return Reply::status_only(304).header("ETag", etag);
    std::string items;
    for (std::size_t i = 0; i < m_titles.size(); ++i) {
      items += fmt::format(
          "<item><title>{}</title><guid>story-{}</guid><link>https://news.example/{}</link>"
          "<description>{}</description></item>\n",
          m_titles[i], i, i, std::string(200'000, static_cast<char>('a' + i % 26)));
    }
    return Reply::ok("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>" +
                         items + "</channel></rss>",
                     "application/rss+xml")
        .header("ETag", etag);
  }
  /// The If-None-Match of every request from the n-th on.
  std::vector<std::string> validators_since(std::size_t n) {
    std::lock_guard lock(m_mutex);
    return {m_validators.begin() + static_cast<std::ptrdiff_t>(std::min(n, m_validators.size())),
            m_validators.end()};
  }
  std::size_t requests() {
    std::lock_guard lock(m_mutex);
    return m_validators.size();
  }

 private:
  std::mutex m_mutex;
  std::vector<std::string> m_titles;
  std::vector<std::string> m_validators;
};

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

void drop(const std::filesystem::path& control, const std::string& name,
          const std::string& answer) {
  std::ofstream(control / name).close();
  REQUIRE(wait_until([&] { return std::filesystem::exists(control / answer); }, k_patience));
}

}  // namespace

TEST_CASE("A full disk stops nothing, is logged once, and nothing is lost when space returns",
          "[e2e][faults][disk]") {
  if (run({"unshare", "--user", "--map-root-user", "--mount", "true"}).exit_code != 0) {
    skip("user and mount namespaces are not available here (unshare failed)");
  }
  HttpServer server;
  Feed feed;
  server.set("/feed.xml", [&](const RecordedRequest& request) { return feed.render(request); });
  server.set("/hook", Reply::status_only(204));
  TempDir dir;
  const auto state = dir / "state";
  const auto control = dir / "control";
  std::filesystem::create_directories(state);
  std::filesystem::create_directories(control);
  write_file(dir / "rules" / "tanks.yaml", k_rules);
  write_file(dir / "newsmon.yaml",
             fmt::format("database: {}\nrules: [rules]\nfeeds:\n  - {{url: \"{}\", every: 1s}}\n"
                         "webhooks:\n  - {{name: receiver, url: \"{}\", retry: {}}}\n{}",
                         (state / "newsmon.db").string(), server.url("/feed.xml"),
                         server.url("/hook"), patient_retries(), fast_settings()));
  Process wrapper({"unshare", "--user", "--map-root-user", "--mount", "/bin/sh", "-c", k_wrapper,
                   "wrapper", state.string(), control.string(), newsmon_executable().string(),
                   (dir / "newsmon.yaml").string()});
  REQUIRE(wait_until([&] { return std::filesystem::exists(control / "pid"); }, k_patience));
  const pid_t daemon = std::stoi(newsmon::util::read_file(control / "pid").value());
  const auto delivered = [&](const std::string& title) {
    return received(server, "/hook").ids_by_title.contains(title);
  };

  feed.add("Denmark sends tanks");
  INFO(wrapper.stderr_text());
  REQUIRE(wait_until([&] { return delivered("Denmark sends tanks"); }, k_patience));
  REQUIRE(wait_until(
      [&] {  // the daemon holds the validator of what it stored
        const auto seen = feed.validators_since(0);
        return !seen.empty() && seen.back() == "\"v1\"";
      },
      k_patience));

  drop(control, "fill", "filled");
  const auto before = feed.requests();
  for (const char* title : {"Finland sends tanks", "Estonia sends tanks", "Latvia sends tanks"}) {
    feed.add(title);
  }
  // Five polls read the new stories and could not store them (seconds on a quiet machine;
  // within the minute a recurring failure is reported once, even on a busy one).
  REQUIRE(wait_until([&] { return feed.requests() >= before + 5; }, std::chrono::seconds(50)));
  const std::string while_full = wrapper.stderr_text();
  INFO(while_full);
  CHECK(::kill(daemon, 0) == 0);
  // It kept the validator of what it had stored: the server sent the new stories each time.
  for (const auto& validator : feed.validators_since(before)) CHECK(validator == "\"v1\"");
  // Said once, not once per poll.
  CHECK(count(while_full, "could not be stored") == 1);
  CHECK_THAT(while_full, Contains("is full"));
  CHECK(count(while_full, "is full") <= 2);  // the poller's report, perhaps the alerter's
  CHECK_FALSE(delivered("Finland sends tanks"));

  drop(control, "free", "freed");
  const bool caught_up = wait_until(
      [&] {
        return delivered("Finland sends tanks") && delivered("Estonia sends tanks") &&
               delivered("Latvia sends tanks");
      },
      k_patience);
  INFO(wrapper.stderr_text());
  REQUIRE(caught_up);
  const auto got = received(server, "/hook");
  for (const auto& [title, ids] : got.ids_by_title) {
    INFO(title);
    CHECK(ids.size() == 1);
  }
  CHECK(got.ids_by_title.size() == 4);
  // Stored now, the new validator is used.
  REQUIRE(wait_until(
      [&] {
        const auto seen = feed.validators_since(0);
        return seen.back() == "\"v4\"";
      },
      k_patience));

  CHECK(::kill(daemon, SIGTERM) == 0);
  const auto exit_code = wrapper.wait(std::chrono::seconds(60));
  REQUIRE(exit_code);
  CHECK(*exit_code == 0);
}
