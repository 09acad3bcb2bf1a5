#include "daemon/app/instance.h"

#include <unistd.h>

#include <algorithm>
#include <regex>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/host.h"
#include "tests/support/paths.h"

using namespace newsmon;

namespace {

constexpr store::Epoch k_start = 1'700'000'000;
constexpr std::int64_t k_no_such_pid = 0x7ffffff0;  // above any pid_max

store::InstanceInfo row(const std::string& id, const std::string& host, std::int64_t pid) {
  return {id, host, pid, k_start - 100, k_start - 100};
}

}  // namespace

TEST_CASE("An instance id is the configured name, or host, pid and a random part",
          "[app][instance]") {
  CHECK(app::make_instance_id("desk-1", "news-1", 42) == "desk-1");
  const auto made = app::make_instance_id("", "news-1", 42);
  CHECK(std::regex_match(made, std::regex("news-1:42:[0-9a-f]{6}")));
  CHECK(app::make_instance_id("", "news-1", 42) != made);
}

TEST_CASE("A daemon registers, retires the dead on its host, and leaves no row when it stops",
          "[app][instance]") {
  test::TempDir dir;
  auto store = store::open_sqlite_store(dir / "newsmon.db").value();
  const auto host = util::host_name();
  for (const auto& other : {row("dead-here", host, k_no_such_pid),
                            row("alive-here", host, static_cast<std::int64_t>(::getppid())),
                            row("elsewhere", "another-host", k_no_such_pid)}) {
    auto writer = store::open_sqlite_store(dir / "newsmon.db").value();
    REQUIRE(writer->register_instance(other, k_start - 1000).ok());
  }
  boost::asio::io_context io;
  util::FakeClock clock{util::from_epoch_seconds(k_start)};
  app::Instance instance(io, *store, clock, "desk-1");
  REQUIRE(instance.start().ok());
  CHECK(instance.id() == "desk-1");

  std::vector<std::string> ids;
  const auto registered = store->instances(k_start).value();
  for (const auto& status : registered) {
    ids.push_back(status.instance.id);
    if (status.instance.id == "desk-1") {
      CHECK(status.instance.host == host);
      CHECK(status.instance.pid == ::getpid());
      CHECK(status.instance.heartbeat_at == k_start);
    }
  }
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"alive-here", "desk-1", "elsewhere"});

  instance.stop();
  const auto after = store->instances(k_start).value();
  CHECK(after.size() == 2);
  for (const auto& status : after) CHECK(status.instance.id != "desk-1");
}
