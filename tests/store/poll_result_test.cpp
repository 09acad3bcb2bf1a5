#include <catch2/catch.hpp>

#include "daemon/store/poll_result.h"
#include "daemon/store/store.h"

using namespace newsmon;
using store::PollResult;

TEST_CASE("Every poll result has a name that reads back as itself", "[store][poll_result]") {
  for (std::size_t i = 0; i < store::k_poll_result_count; ++i) {
    const auto result = static_cast<PollResult>(i);
    CHECK(store::parse_poll_result(store::poll_result_name(result)) == result);
  }
  CHECK(std::string(store::poll_result_name(PollResult::not_modified)) == "not_modified");
  CHECK(std::string(store::poll_result_name(std::optional<PollResult>())).empty());
  CHECK_FALSE(store::parse_poll_result(""));
  CHECK_FALSE(store::parse_poll_result("OK"));
}

TEST_CASE("A feed never polled reads back without a result", "[store][poll_result]") {
  auto store = store::open_sqlite_store(":memory:").value();
  const auto feed = store->sync_feeds({"https://feeds.example.org/a.xml"}, 0).value().at(0);
  CHECK_FALSE(feed.last_result);
}
