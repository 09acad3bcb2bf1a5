#include <catch2/catch.hpp>

#include "daemon/poll/passes.h"

using namespace newsmon;
using poll::Passes;

namespace {

void run(const std::vector<Passes::Done>& done) {
  for (const auto& callback : done) callback();
}

}  // namespace

TEST_CASE("A pass is complete when the last of its feeds is over", "[poll][passes]") {
  Passes passes;
  std::vector<std::string> completed;
  passes.add({1, 2}, [&] { completed.push_back("first"); });
  passes.add({2, 3}, [&] { completed.push_back("second"); });
  run(passes.release(2));
  CHECK(completed.empty());
  run(passes.release(1));
  CHECK(completed == std::vector<std::string>{"first"});
  run(passes.release(3));
  CHECK(completed == std::vector<std::string>{"first", "second"});
  CHECK(passes.empty());
}

TEST_CASE("A pass over no feed, or only over removed ones, completes at once", "[poll][passes]") {
  Passes passes;
  int completed = 0;
  passes.add({}, [&] { ++completed; });
  passes.add({5}, [&] { ++completed; });
  run(passes.release(0));
  CHECK(completed == 1);
  passes.forget([](std::int64_t id) { return id == 5; });
  run(passes.release(0));
  CHECK(completed == 2);
}

TEST_CASE("Taking every pass ends the unfinished ones too", "[poll][passes]") {
  Passes passes;
  int completed = 0;
  passes.add({1}, [&] { ++completed; });
  passes.add({2}, [&] { ++completed; });
  run(passes.take_all());
  CHECK(completed == 2);
  CHECK(passes.empty());
  CHECK(passes.release(1).empty());
}
