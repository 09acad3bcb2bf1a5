#include <catch2/catch.hpp>

#include "daemon/util/enum_names.h"

using namespace newsmon::util;

namespace {

enum class Level { debug, info, warning, none };
constexpr auto k_level_names = enum_names<Level>("log level", {{Level::debug, "debug"},
                                                               {Level::info, "info"},
                                                               {Level::warning, "warning"},
                                                               {Level::warning, "warn"}});

}  // namespace

TEST_CASE("An enum table gives each value its name and each name its value", "[util][enum]") {
  static_assert(std::string_view(k_level_names.name_of(Level::info)) == "info");
  static_assert(k_level_names.find("debug") == Level::debug);
  CHECK(std::string(k_level_names.name_of(Level::warning)) == "warning");
  CHECK(k_level_names.find("warn") == Level::warning);
  CHECK(std::string(k_level_names.name_of(Level::none)).empty());
  CHECK_FALSE(k_level_names.find("Info"));
  CHECK(k_level_names.parse("info").value() == Level::info);
}

TEST_CASE("Aliases are read but never listed", "[util][enum]") {
  CHECK(k_level_names.names() == std::vector<std::string_view>{"debug", "info", "warning"});
}

TEST_CASE("An unknown name suggests the closest one or lists them all", "[util][enum]") {
  const auto close = k_level_names.parse("warnign");
  REQUIRE_FALSE(close);
  CHECK(close.error().message == "unknown log level 'warnign': did you mean 'warning'?");
  const auto far = k_level_names.parse("verbose");
  REQUIRE_FALSE(far);
  CHECK(far.error().message == "unknown log level 'verbose': use debug, info or warning");
}

TEST_CASE("Alternatives are joined the way a sentence lists them", "[util][enum]") {
  CHECK(alternatives({}).empty());
  CHECK(alternatives({"json"}) == "json");
  CHECK(alternatives({"json", "slack"}) == "json or slack");
  CHECK(alternatives({"json", "slack", "teams"}) == "json, slack or teams");
}
