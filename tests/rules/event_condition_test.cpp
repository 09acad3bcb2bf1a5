// Event conditions (`event:`): a rule matches only when one of the story's events meets
// its condition, explanations say which did or why none did, and mistakes in conditions
// are reported like other rule errors.

#include "tests/rules/helpers.h"

#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon::rules;
using namespace newsmon::rules::test;
using Catch::Matchers::Contains;
namespace support = newsmon::test;

namespace {

// One rule with the given condition, loaded with the shipped lists (rules/lists).
class ConditionRule {
 public:
  explicit ConditionRule(const std::string& event, const std::string& extract = "arms_transfer",
                         const std::string& extra_lists = "") {
    support::write_file(
        m_dir / "rule.yaml",
        (extra_lists.empty() ? "" : "lists:\n" + extra_lists + "\n") +
            "rules:\n  - id: r\n    query: '$weapons OR $meetings OR $pacts OR $acts_withdrawal'\n"
            "    extract: " +
            extract + "\n    event: " + event + "\n");
    support::write_file(m_dir / "shared.yaml",
                        "lists:\n  weapons: [$weapon_systems, $equipment]\n");
    m_loaded = load_rules({m_dir.path(), support::source_dir() / "rules" / "lists"});
  }

  const LoadResult& loaded() const { return m_loaded; }
  bool matches(const std::string& title, const std::string& summary = "") const {
    INFO(newsmon::util::format_all(m_loaded.errors));
    REQUIRE(m_loaded.rules);
    return !m_loaded.rules->match(Story{title, summary, ""}).empty();
  }
  std::vector<Match> explain(const std::string& title, std::vector<Match>& dropped) const {
    REQUIRE(m_loaded.rules);
    return m_loaded.rules->match(Story{title, "", ""}, Explain::yes, &dropped);
  }

 private:
  support::TempDir m_dir;
  LoadResult m_loaded;
};

}  // namespace

TEST_CASE("A supplier condition keeps only stories whose event has that supplier",
          "[rules][event]") {
  const ConditionRule rule("{supplier: $state_germany, recipient: [kyiv]}");
  CHECK(rule.matches("Germany to send more IRIS-T air defence systems to Ukraine"));
  CHECK_FALSE(rule.matches("Ukraine receives Patriot systems from the Netherlands",
                           "Germany is expected to decide next week."));
  CHECK_FALSE(rule.matches("Germany to send IRIS-T air defence systems to Egypt"));
}

TEST_CASE("Each key of a transfer condition narrows the events that meet it", "[rules][event]") {
  SECTION("recipient by any of its names") {
    const ConditionRule rule("{recipient: [Kiev]}");
    CHECK(rule.matches("Norway sends NASAMS to Ukraine"));
    CHECK_FALSE(rule.matches("Norway sends NASAMS to Lithuania"));
  }
  SECTION("system by words and lists") {
    const ConditionRule rule("{system: [$equipment_air_defence, \"IRIS-T*\"]}");
    CHECK(rule.matches("Germany sends IRIS-T SLM launchers to Ukraine"));
    CHECK(rule.matches("Germany sends air defence systems to Ukraine"));
    CHECK_FALSE(rule.matches("Germany sends Leopard 2 tanks to Ukraine"));
  }
  SECTION("status") {
    const ConditionRule rule("{status: [refused, requested]}");
    CHECK(rule.matches("Scholz rules out Taurus missiles for Kyiv"));
    CHECK(rule.matches("Kyiv asks Berlin for Taurus missiles"));
    CHECK_FALSE(rule.matches("Germany sends Taurus missiles to Ukraine"));
  }
  SECTION("a list of the user's own") {
    const ConditionRule rule("{supplier: $nordics}", "arms_transfer",
                             "  nordics: [sweden, finland, norway, denmark]");
    CHECK(rule.matches("Norway sends NASAMS to Ukraine"));
    CHECK_FALSE(rule.matches("Germany sends IRIS-T to Ukraine"));
  }
  SECTION("not: excludes the events that meet it") {
    const ConditionRule rule("{recipient: $states, not: {supplier: [russia, iran]}}");
    CHECK(rule.matches("France delivers Caesar howitzers to Armenia"));
    CHECK_FALSE(rule.matches("Iran sends Shahed drones to Russia"));
  }
  SECTION("an empty condition asks for any event") {
    const ConditionRule rule("{}");
    CHECK(rule.matches("France delivers Caesar howitzers to Armenia"));
    CHECK_FALSE(rule.matches("Bombers of the local league win the cup"));
  }
}

TEST_CASE("Alliance conditions read the parties, the act and the place", "[rules][event]") {
  SECTION("act") {
    const ConditionRule rule("{act: [withdrawal, expulsion]}", "alliance_diplomacy");
    CHECK(rule.matches("Pashinyan says Armenia will leave the CSTO"));
    CHECK_FALSE(rule.matches("CSTO leaders meet in Minsk"));
  }
  SECTION("parties, each group of them") {
    const ConditionRule rule("{parties: [[$state_japan], [philippines, australia]]}",
                             "alliance_diplomacy");
    CHECK(rule.matches("Japan and the Philippines sign reciprocal access agreement"));
    CHECK_FALSE(rule.matches("Japan and India sign a logistics agreement"));
  }
  SECTION("act and parties together") {
    const ConditionRule rule("{act: [withdrawal], parties: [$alliance_csto]}",
                             "alliance_diplomacy");
    CHECK(rule.matches("Pashinyan says Armenia will leave the CSTO"));
    CHECK_FALSE(rule.matches("Niger revokes military agreement with the United States"));
  }
  SECTION("place") {
    const ConditionRule rule("{act: summit, place: [$state_lithuania]}", "alliance_diplomacy");
    CHECK(rule.matches("NATO leaders meet in Vilnius"));
    CHECK_FALSE(rule.matches("NATO leaders meet in Madrid"));
  }
}

TEST_CASE("Explanations say which event met the condition, or why none did", "[rules][event]") {
  const ConditionRule rule("{supplier: $state_germany}");
  std::vector<Match> dropped;
  const auto found = rule.explain("Germany to send IRIS-T air defence systems to Ukraine", dropped);
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].event_condition,
             Contains("event 1 meets {supplier: $state_germany}: Germany → Ukraine: IRIS-T"));
  dropped.clear();
  CHECK(rule.explain("Ukraine receives Patriot systems from the Netherlands", dropped).empty());
  REQUIRE(dropped.size() == 1);
  REQUIRE(dropped[0].removed.size() == 1);
  CHECK_THAT(dropped[0].removed[0],
             Contains("no event meets it: event 1 Netherlands → Ukraine: Patriot systems "
                      "(delivered): supplier is Netherlands, not $state_germany"));
  dropped.clear();
  CHECK(rule.explain("Air defence is high on the agenda", dropped).empty());
  REQUIRE(dropped.size() == 1);
  CHECK_THAT(dropped[0].removed[0], Contains("the story reports no arms_transfer event"));
}

TEST_CASE("newsmon match --explain prints the event that met a condition", "[rules][event]") {
  support::TempDir dir;
  support::write_file(dir / "rule.yaml", R"(
rules:
  - id: german-supplies
    query: '$equipment_air_defence'
    extract: arms_transfer
    event: {supplier: $state_germany}
)");
  support::write_file(dir / "stories.jsonl",
                      R"({"id":"s1","title":"Germany to send air defence systems to Ukraine"})"
                      "\n"
                      R"({"id":"s2","title":"Ukraine receives air defence systems from Norway"})"
                      "\n");
  const auto result = support::run_newsmon(
      {"match", "--explain", (dir / "stories.jsonl").string(), "--rules",
       (dir / "rule.yaml").string() + "," + (support::source_dir() / "rules/lists").string()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto newline = result.out.find('\n');
  const auto first = nlohmann::json::parse(result.out.substr(0, newline));
  const auto second = nlohmann::json::parse(result.out.substr(newline + 1));
  CHECK_THAT(first["matches"][0]["event_condition"].get<std::string>(),
             Contains("Germany → Ukraine"));
  CHECK(second["matches"].empty());
  CHECK_THAT(second["dropped"][0]["removed"][0].get<std::string>(),
             Contains("supplier is Norway, not $state_germany"));
}

TEST_CASE("Mistakes in event conditions are reported where they stand", "[rules][event]") {
  const std::string lists =
      "lists:\n  state_germany: [Germany]\n  state_ukraine: [Ukraine, Kyiv]\n"
      "  verbs_supply_pledged: [send]\n  acts_summit: [summit]\n";
  const auto only_error = [&](const std::string& rule) {
    const auto errors = errors_of(lists + "rules:\n  - id: r\n    query: x\n" + rule);
    INFO(Catch::Detail::stringify(errors));
    REQUIRE(errors.size() == 1);
    return errors.front();
  };
  CHECK_THAT(only_error("    extract: arms_transfer\n    event: {suplier: germany}\n"),
             Contains("test.yaml:10:13: error: rule 'r': event: unknown key 'suplier': did you "
                      "mean 'supplier'?"));
  CHECK_THAT(only_error("    extract: arms_transfer\n    event: {act: treaty}\n"),
             Contains("'act' is a key of alliance_diplomacy events, and this rule extracts "
                      "arms_transfer"));
  CHECK_THAT(only_error("    extract: arms_transfer\n    event: {status: [pledgd]}\n"),
             Contains("test.yaml:10:22: error: rule 'r': event: unknown status 'pledgd': did you "
                      "mean 'pledged'?"));
  CHECK_THAT(only_error("    extract: alliance_diplomacy\n    event: {act: [withdrawl]}\n"),
             Contains("unknown act 'withdrawl': did you mean 'withdrawal'?"));
  CHECK_THAT(only_error("    extract: arms_transfer\n    event: {recipient: [ukrane]}\n"),
             Contains("'ukrane' names no state, armed group or alliance of the lists: did you "
                      "mean 'ukraine'?"));
  CHECK_THAT(only_error("    extract: arms_transfer\n    event: {supplier: $state_germny}\n"),
             Contains("unknown list '$state_germny': did you mean '$state_germany'?"));
  CHECK_THAT(only_error("    event: {supplier: germany}\n"),
             Contains("an event condition needs `extract:`"));
  CHECK_THAT(only_error("    extract: arms_transfer\n    event: [germany]\n"),
             Contains("event: must be a mapping"));
}
