// `newsmon silence add | list | expire` as a user runs it. What a silence holds in a
// running pass is shown in tests/e2e/alerts_test.cpp.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using Catch::Matchers::Contains;

namespace {

struct SilenceFixture {
  test::TempDir dir;

  SilenceFixture() {
    test::write_file(dir / "rules" / "watch.yaml",
                     "rules:\n  - id: alliance-summit\n    topics: [alliance_diplomacy]\n"
                     "    query: summit\n");
    test::write_file(dir / "newsmon.yaml",
                     "database: newsmon.db\nrules: [rules]\n"
                     "feeds: [https://wire.example.org/world.rss]\n"
                     "webhooks:\n  - {name: desk, url: 'https://hooks.example.org/desk'}\n");
  }

  test::RunResult silence(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), "silence");
    arguments.insert(arguments.begin() + 2, {"--config", (dir / "newsmon.yaml").string()});
    return test::run_newsmon(arguments);
  }
};

}  // namespace

TEST_CASE("silence add stores a silence that list shows until it is expired", "[app][silence]") {
  SilenceFixture fixture;
  const auto added = fixture.silence({"add", "--topic", "alliance_diplomacy", "--endpoint", "desk",
                                      "--for", "3h", "--comment", "summit week"});
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  CHECK_THAT(added.out, Contains("silence 1 holds topic alliance_diplomacy, endpoint desk until"));

  const auto listed = fixture.silence({"list", "--json"});
  REQUIRE(listed.exit_code == 0);
  const auto silence = nlohmann::json::parse(listed.out);
  CHECK(silence["id"] == 1);
  CHECK(silence["active"] == true);
  CHECK(silence["topic"] == "alliance_diplomacy");
  CHECK(silence["rule"].is_null());
  CHECK(silence["comment"] == "summit week");
  CHECK(silence["held_deliveries"] == 0);

  REQUIRE(fixture.silence({"expire", "1"}).exit_code == 0);
  CHECK(fixture.silence({"list", "--active"}).out == "no silences\n");
  CHECK_THAT(fixture.silence({"list"}).out, Contains("silence 1  expired by hand"));
  CHECK_THAT(fixture.silence({"expire", "1"}).out, Contains("silence 1 had already ended"));
  const auto unknown = fixture.silence({"expire", "9"});
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Contains("there is no silence 9"));
}

TEST_CASE("silence add refuses matchers that can match nothing, with the closest name",
          "[app][silence]") {
  SilenceFixture fixture;
  const auto nothing = fixture.silence({"add", "--for", "1h"});
  CHECK(nothing.exit_code == 2);
  CHECK_THAT(nothing.err, Contains("say what to silence"));

  const auto typo = fixture.silence({"add", "--rule", "aliance-*", "--endpoint", "dsk"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Contains("--rule 'aliance-*' matches nothing configured"));
  CHECK_THAT(typo.err, Contains("--endpoint 'dsk' matches nothing configured; did you mean "
                                "'desk'?"));

  const auto query = fixture.silence({"add", "--query", "summit OR"});
  CHECK(query.exit_code == 2);
  CHECK_THAT(query.err, Contains("--query: OR needs a term or a group after it\n  summit OR\n"));

  const auto duration = fixture.silence({"add", "--rule", "alliance-*", "--for", "soon"});
  CHECK(duration.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(fixture.dir / "newsmon.db"));
}
