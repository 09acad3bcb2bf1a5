// Silences as the router applies them: their queries compiled once, judged per story and
// then per rule and webhook.

#include <catch2/catch.hpp>

#include "daemon/alert/silences.h"
#include "daemon/rules/rule_set.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

constexpr store::Epoch k_now = 1'675'069'920;

store::Silence silence(std::int64_t id, store::SilenceMatchers matchers) {
  store::Silence silence;
  silence.id = id;
  silence.matchers = std::move(matchers);
  silence.starts_at = k_now - 60;
  silence.ends_at = k_now + 60;
  return silence;
}

const rules::Story k_story{"NATO summit in Vilnius", "Leaders meet on Ukraine's bid.", ""};
const store::AlertRule k_summit{
    "nato-summit", "Summits", {"alliance_diplomacy"}, rules::Severity::medium};

}  // namespace

TEST_CASE("A silence query is the rule language, and a mistake says where", "[alert][silences]") {
  REQUIRE(compile_silence_query("summit AND (vilnius OR madrid)").ok());
  const auto broken = compile_silence_query("summit OR");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().message == "OR needs a term or a group after it\n  summit OR\n         ^");
}

TEST_CASE("The oldest active silence whose matchers all hold is the one named",
          "[alert][silences]") {
  std::vector<util::Error> errors;
  const Silences silences({silence(9, {"nato-*", "", "", "", "vilnius"}),
                           silence(4, {"", "alliance_diplomacy", "", "slack", ""})},
                          errors);
  REQUIRE(errors.empty());
  const auto scope = silences.for_story(k_story, "https://wire.example.net/rss", k_now);
  CHECK(scope.holding(k_summit, "slack") == 4);
  CHECK(scope.holding(k_summit, "teams") == 9);
  CHECK_FALSE(
      scope.holding({"arms-pledge", "", {"arms_transfer"}, rules::Severity::high}, "teams"));
  // Once over, or before they start, they hold nothing.
  CHECK_FALSE(silences.for_story(k_story, "", k_now + 60).holding(k_summit, "slack"));
  CHECK_FALSE(silences.for_story(k_story, "", k_now - 61).holding(k_summit, "slack"));
}

TEST_CASE("A stored silence whose query no longer compiles holds nothing and says so",
          "[alert][silences]") {
  std::vector<util::Error> errors;
  const Silences silences({silence(3, {"", "", "", "", "summit NEAR/ vilnius"})}, errors);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Catch::StartsWith("silence 3: its query holds nothing: "));
  CHECK_FALSE(silences.for_story(k_story, "", k_now).holding(k_summit, "slack"));
}

TEST_CASE("A silence's matchers must name what the configuration has, each mistake said once",
          "[alert][silences]") {
  const rules::RuleSummary summit{"nato-summit", "Summits", {"alliance_diplomacy"}};
  const rules::RuleSummary off{
      "arms-refusal", "Refusals", {"arms_transfer"}, rules::Severity::low, false};
  const auto names = silence_names({summit, off}, {"https://wire.example/feed.xml"}, {"analysts"});
  CHECK(names.topics == std::vector<std::string>{"alliance_diplomacy", "arms_transfer"});
  const auto label = [](std::string_view matcher) { return "<" + std::string(matcher) + ">"; };
  CHECK(silence_mistakes({"arms-*", "", "https://wire.example/*", "analysts", "title:nato"}, names,
                         label)
            .empty());  // a disabled rule may be named
  const auto mistakes = silence_mistakes(
      {"nato-sumit", "alliance", "https://other.example/*", "analyst", "nato OR"}, names, label);
  REQUIRE(mistakes.size() == 5);
  CHECK(mistakes[0] ==
        "<rule> 'nato-sumit' matches nothing configured; did you mean 'nato-summit'?");
  CHECK(mistakes[3] == "<endpoint> 'analyst' matches nothing configured; did you mean 'analysts'?");
  CHECK(mistakes[4].starts_with("<query>: "));
  CHECK(silence_mistakes({}, names, label) ==
        std::vector<std::string>{
            "say what to silence: <rule>, <topic>, <feed>, <endpoint> and/or <query>"});
}
