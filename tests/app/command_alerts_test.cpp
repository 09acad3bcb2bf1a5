// `newsmon alerts` as a user runs it, over a database filled through the store.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/text.h"
#include "tests/store/store_fixture.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;

namespace {

rules::Match match_of(const std::string& rule, std::vector<std::string> topics) {
  auto match = test::make_match(rule, std::move(topics));
  match.hits = {{rules::Field::title, 10, 16, "Abrams"}, {rules::Field::title, 4, 7, "for"}};
  return match;
}

store::IncomingItem item(const std::string& id, const std::string& title, const std::string& link,
                         std::vector<rules::Match> matches) {
  return test::make_item(id, title, "", link, std::move(matches));
}

// A database as the daemon leaves it: two alerts an hour ago (one delivered, one failing,
// one with a copy from another feed), one from three days ago, and one not sent because
// the story was too old.
struct AlertsFixture {
  test::TempDir dir;
  store::Epoch now = util::to_epoch_seconds(util::SystemClock().now());

  AlertsFixture() {
    test::write_file(dir / "rules" / "empty.yaml", "rules: []\n");
    test::write_file(dir / "newsmon.yaml", "database: newsmon.db\nrules: [rules]\nfeeds: []\n");
    auto store = store::open_sqlite_store(dir / "newsmon.db").value();
    const auto feeds =
        store->sync_feeds({"https://wire.example.net/rss", "https://paper.example.com/feed"}, now)
            .value();
    ingest(*store, feeds[0].id, now - 3 * 86400,
           item("old", "Old story", "https://wire.example.net/old",
                {match_of("arms", {"arms_transfer"})}),
           {"analysts"});
    ingest(*store, feeds[0].id, now - 3600,
           item("a", "US commits 31 Abrams tanks to Ukraine", "https://wire.example.net/a",
                {match_of("arms", {"arms_transfer"})}),
           {"analysts", "slack"});
    ingest(*store, feeds[0].id, now - 3500,
           item("b", "NATO chief visits Seoul", "https://wire.example.net/b",
                {match_of("visits", {"alliance_diplomacy"})}),
           {});
    ingest(*store, feeds[1].id, now - 3000,
           item("c", "Abrams for Kyiv", "https://wire.example.net/a?utm_source=paper",
                {match_of("arms", {"arms_transfer"})}),
           {"analysts"});
    auto dated = item("d", "Abrams tanks in 2021", "https://wire.example.net/d",
                      {match_of("arms", {"arms_transfer"})});
    dated.item.published = {feed::DateStatus::parsed, now - 700 * 86400, "2 years ago"};
    std::vector<store::IncomingItem> backlog;
    backlog.push_back(std::move(dated));
    REQUIRE(store
                ->ingest(feeds[0].id, std::move(backlog), now - 2000, {},
                         test::SendToAll({"analysts"}, {"analysts"}))
                .ok());
    const auto jobs =
        store->lease_deliveries("analysts", now, std::chrono::seconds(60), 10).value();
    for (const auto& job : jobs) {
      REQUIRE(store->record_delivery(
          {job.delivery_id, store::DeliveryState::delivered, now, 0, 204, ""}));
    }
    const auto failing =
        store->lease_deliveries("slack", now, std::chrono::seconds(60), 10).value();
    REQUIRE(store->record_delivery({failing.at(0).delivery_id, store::DeliveryState::pending, now,
                                    now + 300, 500, "HTTP 500"}));
  }

  static void ingest(store::Store& store, std::int64_t feed, store::Epoch at,
                     store::IncomingItem incoming, std::vector<std::string> endpoints) {
    std::vector<store::IncomingItem> items;
    items.push_back(std::move(incoming));
    REQUIRE(test::ingest(store, feed, std::move(items), at, std::move(endpoints)).ok());
  }

  test::RunResult alerts(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"alerts", "--config", (dir / "newsmon.yaml").string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return test::run_newsmon(arguments);
  }
};

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (const auto line : util::split(text, '\n')) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

}  // namespace

TEST_CASE("newsmon alerts lists recent alerts with copies and delivery states", "[app][alerts]") {
  AlertsFixture fixture;
  const auto result = fixture.alerts();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("[high] US commits 31 Abrams tanks to Ukraine"));
  CHECK_THAT(result.out, Catch::Contains("rules: arms (high)"));
  CHECK_THAT(result.out, Catch::Contains("[high] NATO chief visits Seoul"));
  CHECK_THAT(result.out, Catch::Contains("rules: visits (high)"));
  CHECK_THAT(result.out, Catch::Contains("hits: Abrams\n"));  // not "for"
  CHECK(result.out.find("Old story") == std::string::npos);
  CHECK(result.out.find("Abrams for Kyiv") == std::string::npos);  // a copy, not an alert
  CHECK_THAT(result.out, Catch::Contains("also reported by: https://paper.example.com/feed "
                                         "(https://wire.example.net/a?utm_source=paper)"));
  CHECK_THAT(result.out, Catch::Contains("delivery: analysts delivered (1 attempt, HTTP 204)"));
  CHECK_THAT(result.out, Catch::Contains("delivery: slack pending (1 attempt, HTTP 500, next "));
  CHECK_THAT(result.out, Catch::Contains("deliveries: none (no webhook wanted it)"));
  CHECK_THAT(result.out, Catch::Contains("event: United States → Ukraine: 31 × M1 Abrams"));
  CHECK(result.out.find("US commits") < result.out.find("NATO chief"));  // oldest first
}

TEST_CASE("newsmon alerts filters by time, rule and topic", "[app][alerts]") {
  AlertsFixture fixture;
  const auto week = fixture.alerts({"--since", "7d"});
  REQUIRE(week.exit_code == 0);
  CHECK_THAT(week.out, Catch::Contains("Old story"));
  const auto rule = fixture.alerts({"--rule", "visits"});
  CHECK(rule.out.find("US commits") == std::string::npos);
  CHECK_THAT(rule.out, Catch::Contains("NATO chief"));
  const auto topic = fixture.alerts({"--topic", "arms_transfer"});
  CHECK_THAT(topic.out, Catch::Contains("US commits"));
  CHECK(topic.out.find("NATO chief") == std::string::npos);
  const auto none = fixture.alerts({"--rule", "arms", "--since", "1m"});
  CHECK(none.exit_code == 0);
  CHECK_THAT(none.out, Catch::Contains("no alerts in the last 1m"));
}

TEST_CASE("newsmon alerts refuses a rule or topic it has never heard of", "[app][alerts]") {
  AlertsFixture fixture;
  const auto rule = fixture.alerts({"--rule", "vists"});
  CHECK(rule.exit_code == 2);
  CHECK_THAT(rule.err,
             Catch::Contains("unknown rule 'vists'") && Catch::Contains("did you mean 'visits'?"));
  CHECK(rule.out.empty());
  const auto topic = fixture.alerts({"--topic", "arms_transfers"});
  CHECK(topic.exit_code == 2);
  CHECK_THAT(topic.err, Catch::Contains("unknown topic 'arms_transfers'") &&
                            Catch::Contains("did you mean 'arms_transfer'?"));
}

TEST_CASE("newsmon alerts shows a story too old to send as not sent, with the reason",
          "[app][alerts]") {
  AlertsFixture fixture;
  const auto result = fixture.alerts();
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("Abrams tanks in 2021"));
  CHECK_THAT(result.out, Catch::Contains("not sent to analysts: published ") &&
                             Catch::Contains(", older than alerts.max_age (2d)"));
  const auto json = fixture.alerts({"--json"});
  const auto lines = json_lines(json.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[2]["deliveries"][0]["state"] == "held");
  CHECK(lines[2]["deliveries"][0]["held_because"] == "backlog");
}

TEST_CASE("newsmon alerts --json prints the payload's data with delivery states", "[app][alerts]") {
  AlertsFixture fixture;
  const auto result = fixture.alerts({"--json"});
  REQUIRE(result.exit_code == 0);
  const auto lines = json_lines(result.out);
  REQUIRE(lines.size() == 3);
  const auto& first = lines[0];
  CHECK(first["rules"][0]["id"] == "arms");
  CHECK(first["severity"] == "high");
  CHECK(first["story"]["title"] == "US commits 31 Abrams tanks to Ukraine");
  CHECK(first["story"]["feed"]["url"] == "https://wire.example.net/rss");
  CHECK(first["events"][0]["quantity"] == 31);
  REQUIRE(first["also_reported_by"].size() == 1);
  CHECK(first["also_reported_by"][0]["title"] == "Abrams for Kyiv");
  REQUIRE(first["deliveries"].size() == 2);
  CHECK(first["deliveries"][0]["endpoint"] == "analysts");
  CHECK(first["deliveries"][0]["state"] == "delivered");
  CHECK(first["deliveries"][0]["next_attempt_at"].is_null());
  CHECK(first["deliveries"][1]["state"] == "pending");
  CHECK(first["deliveries"][1]["last_http_status"] == 500);
  CHECK(first["deliveries"][1]["webhook_id"].get<std::string>().rfind("msg_", 0) == 0);
  CHECK(lines[1]["deliveries"].empty());
}

TEST_CASE("newsmon alerts before the daemon ever ran says where the database will be",
          "[app][alerts]") {
  test::TempDir dir;
  test::write_file(dir / "rules" / "empty.yaml", "rules: []\n");
  test::write_file(dir / "newsmon.yaml", "database: state/newsmon.db\nrules: [rules]\nfeeds: []\n");
  const auto result = test::run_newsmon({"alerts", "--config", (dir / "newsmon.yaml").string()});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Contains("no database at") &&
                             Catch::Contains((dir / "state" / "newsmon.db").string()));
  CHECK_FALSE(std::filesystem::exists(dir / "state" / "newsmon.db"));
}
