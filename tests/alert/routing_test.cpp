#include <catch2/catch.hpp>

#include "daemon/alert/routing.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

rules::Match match_of(std::string rule, std::vector<std::string> topics, rules::Severity severity) {
  rules::Match match;
  match.rule_id = std::move(rule);
  match.topics = std::move(topics);
  match.severity = severity;
  return match;
}

Endpoint endpoint_named(std::string name) {
  Endpoint endpoint;
  endpoint.name = std::move(name);
  return endpoint;
}

}  // namespace

TEST_CASE("Rule globs match whole rule ids with * and ?", "[alert][routing]") {
  CHECK(glob_match("arms-*", "arms-transfer-pledge"));
  CHECK(glob_match("arms-*", "arms-"));
  CHECK_FALSE(glob_match("arms-*", "alliance-arms-"));
  CHECK(glob_match("*-pledge", "arms-transfer-pledge"));
  CHECK(glob_match("*transfer*", "arms-transfer-pledge"));
  CHECK(glob_match("nato-visit?", "nato-visits"));
  CHECK_FALSE(glob_match("nato-visit?", "nato-visit"));
  CHECK(glob_match("exact-id", "exact-id"));
  CHECK_FALSE(glob_match("exact-id", "exact-id-2"));
  CHECK(glob_match("*", ""));
  CHECK_FALSE(glob_match("a*b*c*d", std::string(50, 'a')));  // no exponential blow-up
}

TEST_CASE("Each webhook gets the matches its filters accept", "[alert][routing]") {
  auto everything = endpoint_named("everything");
  auto arms_desk = endpoint_named("arms-desk");
  arms_desk.topics = {"arms_transfer"};
  auto urgent = endpoint_named("urgent");
  urgent.min_severity = rules::Severity::high;
  auto nato = endpoint_named("nato");
  nato.rule_globs = {"nato-*", "alliance-*"};
  auto strict = endpoint_named("strict");
  strict.topics = {"alliance_diplomacy"};
  strict.rule_globs = {"nato-*"};
  strict.min_severity = rules::Severity::medium;
  const std::vector<Endpoint> endpoints{everything, arms_desk, urgent, nato, strict};

  CHECK(route(endpoints,
              match_of("arms-transfer-pledge", {"arms_transfer"}, rules::Severity::high)) ==
        std::vector<std::string>{"everything", "arms-desk", "urgent"});
  CHECK(
      route(endpoints, match_of("nato-visits", {"alliance_diplomacy"}, rules::Severity::medium)) ==
      std::vector<std::string>{"everything", "nato", "strict"});
  CHECK(route(endpoints, match_of("nato-visits", {"alliance_diplomacy"}, rules::Severity::low)) ==
        std::vector<std::string>{"everything", "nato"});
  CHECK(route(endpoints, match_of("alliance-summit", {"alliance_diplomacy", "arms_transfer"},
                                  rules::Severity::critical)) ==
        std::vector<std::string>{"everything", "arms-desk", "urgent", "nato"});
}

TEST_CASE("Planning keeps every match, also those no webhook wants", "[alert][routing]") {
  auto arms_desk = endpoint_named("arms-desk");
  arms_desk.topics = {"arms_transfer"};
  const auto planned = plan_deliveries(
      {arms_desk}, {match_of("arms", {"arms_transfer"}, rules::Severity::high),
                    match_of("visits", {"alliance_diplomacy"}, rules::Severity::high)});
  REQUIRE(planned.size() == 2);
  CHECK(planned[0].match.rule_id == "arms");
  CHECK(planned[0].endpoints == std::vector<std::string>{"arms-desk"});
  CHECK(planned[1].match.rule_id == "visits");
  CHECK(planned[1].endpoints.empty());
}
