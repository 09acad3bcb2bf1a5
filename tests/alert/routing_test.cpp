// Which webhooks get a message about an alert, and when: filters, follow-ups, the backlog
// policy, silences and digest windows, decided on what the store shows the router.

#include <catch2/catch.hpp>

#include "daemon/alert/routing.h"

using namespace newsmon;
using namespace newsmon::alert;
using store::AlertRule;
using store::DeliveryState;
using store::PastDelivery;
using Severity = rules::Severity;

namespace {

constexpr store::Epoch k_now = 1'675'069'920;  // 2023-01-30T09:12:00Z

Endpoint endpoint_named(std::string name) {
  Endpoint endpoint;
  endpoint.name = std::move(name);
  return endpoint;
}

AlertRule rule(std::string id, std::vector<std::string> topics, Severity severity) {
  return {std::move(id), "Rule", std::move(topics), severity};
}

// A story published an hour ago that raised an alert with these rules.
struct Story {
  store::IncomingItem item;
  store::AlertContext context;

  explicit Story(std::vector<AlertRule> rules, std::vector<PastDelivery> deliveries = {}) {
    item.item.title = "US commits 31 Abrams tanks to Ukraine";
    item.item.published = {feed::DateStatus::parsed, k_now - 3600, "an hour ago"};
    context.alert_id = 1;
    context.raised = deliveries.empty();
    context.story = &item;
    context.feed_url = "https://wire.example.net/rss";
    context.first_seen = k_now;
    context.rules = std::move(rules);
    context.deliveries = std::move(deliveries);
  }
};

struct Routing {
  std::vector<Endpoint> endpoints;
  RoutingPolicy policy;
  Silences silences;

  std::vector<store::PlannedDelivery> plan(const Story& story, store::Epoch now = k_now) const {
    return Router(endpoints, policy, silences).plan(story.context, now);
  }
};

std::vector<std::string> endpoints_of(const std::vector<store::PlannedDelivery>& plans) {
  std::vector<std::string> names;
  for (const auto& plan : plans) names.push_back(plan.endpoint);
  return names;
}

store::Silence silence(std::int64_t id, store::SilenceMatchers matchers) {
  store::Silence silence;
  silence.id = id;
  silence.matchers = std::move(matchers);
  silence.starts_at = k_now - 60;
  silence.ends_at = k_now + 3600;
  return silence;
}

Silences silences_of(std::vector<store::Silence> list) {
  std::vector<util::Error> errors;
  Silences silences(std::move(list), errors);
  REQUIRE(errors.empty());
  return silences;
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

TEST_CASE("A webhook wants the rules its topics, globs and severity accept", "[alert][routing]") {
  auto arms_desk = endpoint_named("arms-desk");
  arms_desk.topics = {"arms_transfer"};
  auto urgent = endpoint_named("urgent");
  urgent.min_severity = Severity::high;
  auto nato = endpoint_named("nato");
  nato.rule_globs = {"nato-*", "alliance-*"};
  const auto pledge = rule("arms-transfer-pledge", {"arms_transfer"}, Severity::high);
  const auto visits = rule("nato-visits", {"alliance_diplomacy"}, Severity::medium);

  CHECK(wants(endpoint_named("all"), pledge));
  CHECK(wants(arms_desk, pledge));
  CHECK_FALSE(wants(arms_desk, visits));
  CHECK(wants(urgent, pledge));
  CHECK_FALSE(wants(urgent, visits));
  CHECK(wants(nato, visits));
  CHECK_FALSE(wants(nato, pledge));

  SECTION("a negated glob leaves out what it matches, alone or after plain globs") {
    auto no_refusals = endpoint_named("no-refusals");
    no_refusals.rule_globs = {"!arms-refusal"};
    CHECK(wants(no_refusals, pledge));
    CHECK_FALSE(wants(no_refusals, rule("arms-refusal", {"arms_transfer"}, Severity::low)));
    auto arms_only = endpoint_named("arms-only");
    arms_only.rule_globs = {"arms-*", "!arms-refusal"};
    CHECK(wants(arms_only, pledge));
    CHECK_FALSE(wants(arms_only, rule("arms-refusal", {"arms_transfer"}, Severity::low)));
    CHECK_FALSE(wants(arms_only, visits));
  }
}

TEST_CASE("An alert of many rules is one delivery per webhook, listing every rule it wants",
          "[alert][routing]") {
  auto arms_desk = endpoint_named("arms-desk");
  arms_desk.topics = {"arms_transfer"};
  auto nobody = endpoint_named("nobody");
  nobody.topics = {"space_launches"};
  const Routing routing{{endpoint_named("all"), arms_desk, nobody}, {}, {}};
  const Story story({rule("arms-transfer-pledge", {"arms_transfer"}, Severity::high),
                     rule("nato-visits", {"alliance_diplomacy"}, Severity::medium),
                     rule("arms-appeal", {"arms_transfer", "alliance_diplomacy"}, Severity::low)});
  const auto plans = routing.plan(story);
  REQUIRE(endpoints_of(plans) == std::vector<std::string>{"all", "arms-desk"});
  CHECK(plans[0].notice.rules ==
        std::vector<std::string>{"arms-transfer-pledge", "nato-visits", "arms-appeal"});
  CHECK(plans[0].notice.topics == std::vector<std::string>{"alliance_diplomacy", "arms_transfer"});
  CHECK(plans[0].notice.severity == Severity::high);
  CHECK(plans[0].due == k_now);
  CHECK_FALSE(plans[0].hold);
  CHECK_FALSE(plans[0].digest_window);
  // The arms desk is told only of its own topic.
  CHECK(plans[1].notice.rules == std::vector<std::string>{"arms-transfer-pledge", "arms-appeal"});
  CHECK(plans[1].notice.topics == std::vector<std::string>{"arms_transfer"});
}

TEST_CASE("A later match sends a follow-up only when it adds a routed topic or a higher severity",
          "[alert][routing]") {
  auto arms_desk = endpoint_named("arms-desk");
  arms_desk.topics = {"arms_transfer"};
  const Routing routing{{endpoint_named("all"), arms_desk}, {}, {}};
  const auto pledge = rule("arms-transfer-pledge", {"arms_transfer"}, Severity::medium);
  const std::vector<PastDelivery> sent{
      {"all", 0, DeliveryState::delivered, {{pledge.id}, {"arms_transfer"}, Severity::medium}},
      {"arms-desk",
       0,
       DeliveryState::delivered,
       {{pledge.id}, {"arms_transfer"}, Severity::medium}}};

  SECTION("a rule of a new topic: a follow-up to the webhooks routing that topic") {
    const Story story({pledge, rule("nato-visits", {"alliance_diplomacy"}, Severity::low)}, sent);
    const auto plans = routing.plan(story);
    REQUIRE(endpoints_of(plans) == std::vector<std::string>{"all"});
    CHECK(plans[0].notice.topics ==
          std::vector<std::string>{"alliance_diplomacy", "arms_transfer"});
  }
  SECTION("a more severe rule of a known topic: a follow-up to both") {
    const Story story({pledge, rule("arms-critical", {"arms_transfer"}, Severity::critical)}, sent);
    CHECK(endpoints_of(routing.plan(story)) == std::vector<std::string>{"all", "arms-desk"});
  }
  SECTION("another rule of a known topic, no more severe: nothing") {
    const Story story({pledge, rule("arms-other", {"arms_transfer"}, Severity::low)}, sent);
    CHECK(routing.plan(story).empty());
  }
}

TEST_CASE("A story older than alerts.max_age is held as backlog", "[alert][routing]") {
  Routing routing{{endpoint_named("all")}, {}, {}};
  Story story({rule("arms", {"arms_transfer"}, Severity::high)});
  story.item.item.published = {feed::DateStatus::parsed, k_now - 49 * 3600, "two days ago"};
  auto plans = routing.plan(story);
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].hold == store::HoldReason::backlog);
  CHECK(plans[0].notice.rules == std::vector<std::string>{"arms"});

  SECTION("without a date the time it was first seen counts") {
    story.item.item.published = {};
    CHECK_FALSE(routing.plan(story).at(0).hold);
    story.context.first_seen = k_now - 49 * 3600;
    CHECK(routing.plan(story).at(0).hold == store::HoldReason::backlog);
  }
  SECTION("a max_age of zero sends everything") {
    routing.policy.max_age = std::chrono::seconds(0);
    CHECK_FALSE(routing.plan(story).at(0).hold);
  }
  SECTION("a held webhook is not told again by a later copy with nothing new") {
    story.context.deliveries = {{"all", 0, DeliveryState::held, plans[0].notice}};
    CHECK(routing.plan(story).empty());
  }
}

TEST_CASE("Silences hold the rules they match and are named on what they hold",
          "[alert][routing]") {
  auto arms_desk = endpoint_named("arms-desk");
  const Story story({rule("arms-transfer-pledge", {"arms_transfer"}, Severity::high),
                     rule("nato-visits", {"alliance_diplomacy"}, Severity::medium)});

  SECTION("a silence of every rule of the alert holds the delivery") {
    const Routing routing{{arms_desk}, {}, silences_of({silence(3, {"*", "", "", "", ""})})};
    const auto plans = routing.plan(story);
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].hold == store::HoldReason::silenced);
    CHECK(plans[0].silence_id == 3);
  }
  SECTION("a silence of one rule leaves the others to be sent, without it") {
    const Routing routing{{arms_desk}, {}, silences_of({silence(3, {"nato-*", "", "", "", ""})})};
    const auto plans = routing.plan(story);
    REQUIRE(plans.size() == 1);
    CHECK_FALSE(plans[0].hold);
    CHECK(plans[0].notice.rules == std::vector<std::string>{"arms-transfer-pledge"});
  }
  SECTION("matchers on topic, endpoint, feed and query must all hold") {
    const auto held = [&](store::SilenceMatchers matchers) {
      const Routing routing{{arms_desk}, {}, silences_of({silence(4, std::move(matchers))})};
      return routing.plan(story).at(0).hold.has_value();
    };
    CHECK_FALSE(held({"", "arms_transfer", "", "", ""}));  // the NATO rule still speaks
    CHECK(held({"*", "", "", "arms-desk", ""}));
    CHECK_FALSE(held({"*", "", "", "other-desk", ""}));
    CHECK(held({"*", "", "https://wire.example.net/*", "", ""}));
    CHECK_FALSE(held({"*", "", "https://paper.example.com/*", "", ""}));
    CHECK(held({"*", "", "", "", "abrams AND ukraine"}));
    CHECK_FALSE(held({"*", "", "", "", "leopard"}));
  }
  SECTION("an expired silence holds nothing") {
    auto ended = silence(5, {"*", "", "", "", ""});
    ended.ends_at = k_now - 1;
    const Routing routing{{arms_desk}, {}, silences_of({ended})};
    CHECK_FALSE(routing.plan(story).at(0).hold);
  }
}

TEST_CASE("A webhook with a digest window queues its alerts for the end of the window",
          "[alert][routing]") {
  auto hourly = endpoint_named("hourly");
  hourly.digest = std::chrono::hours(1);
  const Routing routing{{hourly}, {}, {}};
  const auto plans = routing.plan(Story({rule("arms", {"arms_transfer"}, Severity::high)}));
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].digest_window == 1'675'072'800);  // 10:00Z
  CHECK(plans[0].due == 1'675'072'800);
  CHECK(digest_window_end(std::chrono::hours(1), 1'675'072'800) == 1'675'076'400);
}

TEST_CASE("Webhook topics and rule globs that match no loaded rule are reported",
          "[alert][routing]") {
  const std::vector<rules::RuleSummary> loaded{
      {"arms-transfer-pledge", "Pledges", {"arms_transfer"}, Severity::high, true},
      {"arms-refusal", "Refusals", {"arms_transfer"}, Severity::low, false},
      {"nato-visits", "Visits", {"alliance_diplomacy"}, Severity::medium, true}};
  auto endpoint = endpoint_named("analysts");
  endpoint.topics = {"arms_transfers", "alliance_diplomacy"};
  endpoint.rule_globs = {"arms-*", "!arms-refusal", "nato-vists", "!alliance-*"};
  const auto problems = check_filters(endpoint, loaded);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].kind == FilterProblem::Kind::topic);
  CHECK(problems[0].index == 0);
  CHECK(problems[0].message ==
        "webhook 'analysts': no rule has the topic 'arms_transfers'; did you mean "
        "'arms_transfer'?");
  CHECK(problems[1].kind == FilterProblem::Kind::rule);
  CHECK(problems[1].index == 2);
  CHECK(problems[1].message ==
        "webhook 'analysts': 'nato-vists' matches no rule id; did you mean 'nato-visits'?");
  CHECK(problems[2].index == 3);
  CHECK_THAT(problems[2].message, Catch::StartsWith("webhook 'analysts': '!alliance-*' matches"));
}
