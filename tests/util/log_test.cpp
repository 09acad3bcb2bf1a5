#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "daemon/util/log.h"

using newsmon::util::stderr_is_journal;

namespace {

std::string stderr_device_and_inode() {
  struct stat status {};
  REQUIRE(::fstat(STDERR_FILENO, &status) == 0);
  return fmt::format("{}:{}", static_cast<unsigned long long>(status.st_dev),
                     static_cast<unsigned long long>(status.st_ino));
}

// Sets JOURNAL_STREAM for one test and puts back what was there.
class JournalStream {
 public:
  explicit JournalStream(const char* value) {
    if (const char* old = std::getenv("JOURNAL_STREAM")) m_old = old;
    value != nullptr ? ::setenv("JOURNAL_STREAM", value, 1) : ::unsetenv("JOURNAL_STREAM");
  }
  ~JournalStream() {
    m_old ? ::setenv("JOURNAL_STREAM", m_old->c_str(), 1) : ::unsetenv("JOURNAL_STREAM");
  }
  JournalStream(const JournalStream&) = delete;
  JournalStream& operator=(const JournalStream&) = delete;

 private:
  std::optional<std::string> m_old;
};

}  // namespace

TEST_CASE("stderr is the journal only when JOURNAL_STREAM names its device and inode", "[log]") {
  SECTION("the numbers of stderr itself") {
    const JournalStream stream(stderr_device_and_inode().c_str());
    CHECK(stderr_is_journal());
  }
  SECTION("another stream's numbers, inherited from a service that started this one") {
    const JournalStream stream("0:0");
    CHECK_FALSE(stderr_is_journal());
  }
  SECTION("no variable: a terminal, a pipe or a file") {
    const JournalStream stream(nullptr);
    CHECK_FALSE(stderr_is_journal());
  }
  SECTION("not device:inode at all") {
    const JournalStream stream("journal");
    CHECK_FALSE(stderr_is_journal());
  }
}

TEST_CASE("A lasting problem passes the throttle once a minute, counting what it held back",
          "[log]") {
  using namespace std::chrono_literals;
  newsmon::util::LogThrottle throttle(60s);
  const auto start = std::chrono::steady_clock::time_point{} + 1000s;
  CHECK(throttle.admit(start) == std::optional<std::uint64_t>(0));  // the first, at once
  CHECK_FALSE(throttle.admit(start + 1s));
  CHECK_FALSE(throttle.admit(start + 30s));
  CHECK_FALSE(throttle.admit(start + 59s));
  CHECK(throttle.admit(start + 60s) == std::optional<std::uint64_t>(3));  // a minute on
  CHECK_FALSE(throttle.admit(start + 61s));
  SECTION("once it is over, the next occurrence is news again") {
    CHECK(throttle.clear() == std::optional<std::uint64_t>(1));
    CHECK(throttle.admit(start + 62s) == std::optional<std::uint64_t>(0));
    CHECK_FALSE(throttle.clear() == std::nullopt);
    CHECK(throttle.clear() == std::nullopt);
  }
}
