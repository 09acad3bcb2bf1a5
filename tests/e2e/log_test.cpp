// The daemon's log lines as their reader sees them: plain for a person, with syslog
// priorities for journald.

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::TempDir;

namespace {

// Runs `newsmon once` on a feed that cannot be reached (a first failure: a warning),
// then says it is done (info).
newsmon::test::RunResult run_newsmon(
    const std::string& journal_stream, const std::string& command,
    const std::string& feeds = "  - http://127.0.0.1:1/feed.xml\n") {
  const TempDir dir;
  newsmon::test::write_file(dir / "rules" / "r.yaml",
                            "rules:\n  - id: tanks\n    title: Tanks\n    query: tank*\n");
  newsmon::test::write_file(dir / "newsmon.yaml",
                            "database: newsmon.db\nrules: [rules]\nfeeds:\n" + feeds);
  const std::string config = (dir / "newsmon.yaml").string();
  const std::string executable = newsmon::test::newsmon_executable().string();
  // As systemd does for a service writing to the journal: JOURNAL_STREAM holds the device
  // and inode of the stream stderr is, which the shell reads from its own stderr.
  const std::string set_stream = journal_stream == "stderr"
                                     ? "JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) "
                                     : "JOURNAL_STREAM='" + journal_stream + "' ";
  return newsmon::test::run({"/bin/sh", "-c",
                             set_stream + "exec \"$0\" " + command + " --config \"$1\"", executable,
                             config});
}

newsmon::test::RunResult run_once(const std::string& journal_stream) {
  return run_newsmon(journal_stream, "once");
}

}  // namespace

TEST_CASE("Log lines carry journald priorities only when stderr is the journal's stream",
          "[e2e][log]") {
  SECTION("stderr is the journal") {
    const auto result = run_once("stderr");
    INFO(result.err);
    CHECK(result.exit_code == 3);  // every feed failed
    CHECK_THAT(result.err, Catch::Contains("<4>feed http://127.0.0.1:1/feed.xml: "));
    CHECK_THAT(result.err, Catch::Contains("\n<6>one pass done: 1 feeds polled, 1 failed"));
  }
  SECTION("a pipe or a file a person reads, even with a service's JOURNAL_STREAM inherited") {
    for (const std::string inherited : {"", "0:0"}) {
      const auto result = run_once(inherited);
      INFO(result.err);
      CHECK(result.exit_code == 3);
      CHECK_THAT(result.err, Catch::Contains("warning: feed http://127.0.0.1:1/feed.xml: "));
      CHECK_THAT(result.err, Catch::Contains("\none pass done: 1 feeds polled"));
      CHECK(result.err.find("<6>") == std::string::npos);
      CHECK(result.err.find("<4>") == std::string::npos);
    }
  }
}

TEST_CASE("Configuration errors under run and once carry the error priority on every line",
          "[e2e][log]") {
  for (const char* command : {"run", "once"}) {
    const auto result =
        run_newsmon("stderr", command, "  - {url: http://127.0.0.1:1/f, every: 1x}\n");
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::Contains("newsmon.yaml:4:40: error: "));
    const std::string source =
        "\n<3>    - {url: http://127.0.0.1:1/f, every: 1x}\n<3>" + std::string(41, ' ') + "^\n";
    CHECK_THAT(result.err, Catch::Contains(source));
    CHECK_THAT(result.err,
               Catch::Contains("<3>newsmon cannot start: fix the errors in the configuration"));
  }
}
