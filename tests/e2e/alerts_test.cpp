// What webhooks receive, as a user sees it: `newsmon once` as a process against a local
// server that serves feeds and records webhook posts. One story is one message per
// webhook, copies add to it, old stories and silenced rules send nothing.

#include <fmt/format.h>
#include <algorithm>
#include <ctime>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/util/text.h"
#include "tests/e2e/dates.h"
#include "tests/support/http_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_reader.h"

using newsmon::test::HttpServer;
using newsmon::test::Reply;
using newsmon::test::TempDir;
using json = nlohmann::json;

namespace {

struct Story {
  std::string id;
  std::string title;
  std::string summary;
  std::string link;
  std::time_t published = 0;
};

std::string xml_escaped(const std::string& text) {
  std::string escaped;
  for (const char character : text) {
    switch (character) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      default: escaped += character;
    }
  }
  return escaped;
}

std::string rss(const std::string& title, const std::vector<Story>& stories) {
  std::string items;
  for (const auto& story : stories) {
    items += fmt::format(
        "<item><guid>{}</guid><title>{}</title><link>{}</link><description>{}</description>"
        "<pubDate>{}</pubDate></item>\n",
        story.id, xml_escaped(story.title), xml_escaped(story.link), xml_escaped(story.summary),
        newsmon::test::rfc822(story.published));
  }
  return fmt::format(
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{}</title>"
      "<link>https://example.org/</link><description>d</description>\n{}</channel></rss>",
      title, items);
}

const std::time_t k_now = std::time(nullptr);

// A configuration with two feeds and two webhooks at the local server; `rules` is a
// folder, `extra` more YAML for the webhooks' settings (indented as their keys).
struct Setup {
  HttpServer server;
  TempDir dir;
  std::filesystem::path database = dir / "newsmon.db";

  Setup(const std::filesystem::path& rules, const std::string& analysts = "",
        const std::string& chat = "") {
    set_feed("/wire.xml", "Wire World", {});
    set_feed("/paper.xml", "Paper Europe", {});
    server.set("/analysts", Reply::status_only(204));
    server.set("/chat", Reply::status_only(200));
    newsmon::test::write_file(
        dir / "newsmon.yaml",
        fmt::format(R"yaml(database: newsmon.db
rules: [{rules}]
feeds:
  - url: {wire}
  - url: {paper}
webhooks:
  - name: analysts
    url: {analysts_url}
    retry: [1s]
{analysts}  - name: chat
    url: {chat_url}
    format: slack
    max_per_second: 100
    retry: [1s]
{chat})yaml",
                    fmt::arg("rules", rules.string()), fmt::arg("wire", server.url("/wire.xml")),
                    fmt::arg("paper", server.url("/paper.xml")),
                    fmt::arg("analysts_url", server.url("/analysts")),
                    fmt::arg("chat_url", server.url("/chat")), fmt::arg("analysts", analysts),
                    fmt::arg("chat", chat)));
  }

  void set_feed(const std::string& path, const std::string& title,
                const std::vector<Story>& stories) {
    server.set(path, Reply::ok(rss(title, stories), "application/rss+xml"));
  }

  newsmon::test::RunResult newsmon(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin() + 1, {"--config", (dir / "newsmon.yaml").string()});
    return newsmon::test::run_newsmon(arguments);
  }

  void run_once() {
    const auto result = newsmon({"once", "--deliver-timeout", "20s"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
  }

  std::vector<json> posts(const std::string& path) {
    std::vector<json> bodies;
    for (const auto& request : server.requests(path)) bodies.push_back(json::parse(request.body));
    return bodies;
  }

  std::vector<json> alerts() {
    const auto result = newsmon({"alerts", "--json", "--since", "1000d"});
    REQUIRE(result.exit_code == 0);
    std::vector<json> lines;
    for (const auto line : newsmon::util::split(result.out, '\n')) {
      if (!line.empty()) lines.push_back(json::parse(line));
    }
    return lines;
  }
};

// A small rule set: tanks are arms transfers, summits alliance diplomacy.
std::filesystem::path write_rules(const TempDir& dir, const std::string& extra = "") {
  newsmon::test::write_file(dir / "rules" / "watch.yaml", R"yaml(rules:
  - id: arms-tanks
    title: Tanks change hands
    topics: [arms_transfer]
    severity: high
    query: tank* AND (buy* OR sell* OR send*)
  - id: alliance-summit
    title: Alliance summit
    topics: [alliance_diplomacy]
    severity: medium
    query: summit
)yaml" + extra);
  return dir / "rules";
}

const Story k_k2{"k2", "Poland buys 180 K2 tanks from South Korea",
                 "Poland will buy 180 K2 tanks from South Korea, its defence minister said.",
                 "https://wire.example.net/k2", k_now - 3600};

std::set<std::string> rule_ids(const json& data) {
  std::set<std::string> ids;
  for (const auto& rule : data["rules"]) ids.insert(rule["id"].get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("The seed story is one post per webhook listing all its rules; a copy is no post",
          "[e2e][alerts]") {
  const auto seed_text =
      newsmon::util::read_file(newsmon::test::shared_dir_or_skip() / "corpus/seed-story.txt")
          .value();
  const auto seed_lines = newsmon::util::split(seed_text, '\n');
  std::vector<std::string> body(seed_lines.begin() + 1, seed_lines.end());
  const Story seed{"seed", std::string(seed_lines.at(0)), newsmon::util::join(body, " "),
                   "https://wire.example.net/seed", k_now - 3600};
  // The rules the default packs match it with, as newsmon match says.
  TempDir scratch;
  newsmon::test::write_file(
      scratch / "seed.jsonl",
      json({{"id", "seed"}, {"title", seed.title}, {"summary", seed.summary}}).dump() + "\n");
  const auto matched = newsmon::test::run_newsmon({"match", "--rules",
                                                   (newsmon::test::source_dir() / "rules").string(),
                                                   (scratch / "seed.jsonl").string()});
  REQUIRE(matched.exit_code == 0);
  std::set<std::string> expected_ids;
  const auto classified = json::parse(matched.out);
  for (const auto& match : classified["matches"]) {
    expected_ids.insert(match["rule"].get<std::string>());
  }
  REQUIRE(expected_ids.size() >= 5);

  Setup setup(newsmon::test::source_dir() / "rules");
  setup.set_feed("/wire.xml", "Wire World", {seed});
  setup.run_once();

  const auto analysts = setup.posts("/analysts");
  REQUIRE(analysts.size() == 1);
  CHECK(analysts[0]["type"] == "newsmon.alert");
  CHECK(rule_ids(analysts[0]["data"]) == expected_ids);
  CHECK(analysts[0]["data"]["topics"].size() == 2);
  const auto chat = setup.posts("/chat");
  REQUIRE(chat.size() == 1);
  for (const auto& id : expected_ids) CHECK_THAT(chat[0].dump(), Catch::Contains(id));

  SECTION("another outlet's copy sends nothing and is listed as also reported by") {
    Story copy = seed;
    copy.id = "paper-seed";
    copy.link = "https://paper.example.com/nato-seoul";
    setup.set_feed("/paper.xml", "Paper Europe", {copy});
    setup.run_once();
    CHECK(setup.server.request_count("/analysts") == 1);
    CHECK(setup.server.request_count("/chat") == 1);
    const auto alerts = setup.alerts();
    REQUIRE(alerts.size() == 1);
    REQUIRE(alerts[0]["also_reported_by"].size() == 1);
    CHECK(alerts[0]["also_reported_by"][0]["feed"]["title"] == "Paper Europe");
  }
}

TEST_CASE("A copy matching a rule of a new topic sends one follow-up where that topic is routed",
          "[e2e][alerts]") {
  TempDir rules_dir;
  Setup setup(write_rules(rules_dir), "", "    topics: [arms_transfer]\n");
  setup.set_feed("/wire.xml", "Wire World", {k_k2});
  setup.run_once();
  REQUIRE(setup.server.request_count("/analysts") == 1);
  REQUIRE(setup.server.request_count("/chat") == 1);
  const auto first_id = *setup.server.requests("/analysts")[0].header("webhook-id");

  // The same story elsewhere, now also reporting the summit it was agreed at.
  Story copy = k_k2;
  copy.id = "paper-k2";
  copy.link = "https://wire.example.net/k2?utm_source=paper";
  copy.summary += " The deal was signed at a summit in Warsaw.";
  setup.set_feed("/paper.xml", "Paper Europe", {copy});
  setup.run_once();

  const auto analysts = setup.posts("/analysts");
  REQUIRE(analysts.size() == 2);
  const auto& update = analysts[1];
  CHECK(update["type"] == "newsmon.alert.update");
  CHECK(update["data"]["update"]["updates"] == first_id);
  CHECK(update["data"]["update"]["new_topics"] == json({"alliance_diplomacy"}));
  CHECK(rule_ids(update["data"]) == std::set<std::string>{"arms-tanks", "alliance-summit"});
  CHECK(*setup.server.requests("/analysts")[1].header("webhook-id") != first_id);
  // The chat routes arms transfers only: the summit tells it nothing new.
  CHECK(setup.server.request_count("/chat") == 1);

  SECTION("and a third copy with nothing new sends nothing") {
    Story third = copy;
    third.id = "paper-k2-again";
    setup.set_feed("/paper.xml", "Paper Europe", {copy, third});
    setup.run_once();
    CHECK(setup.server.request_count("/analysts") == 2);
  }
}

TEST_CASE("A new feed's backlog is stored and matched but only its recent story is sent",
          "[e2e][alerts]") {
  TempDir rules_dir;
  Setup setup(write_rules(rules_dir));
  std::vector<Story> stories{k_k2};
  for (int i = 0; i < 30; ++i) {
    const auto n = std::to_string(i);
    stories.push_back({"old-" + n, "Old story " + n + ": Poland buys tanks",
                       "Story " + n + " of the archive about tanks Poland will buy.",
                       "https://wire.example.net/old/" + n, k_now - 730 * 86400 - i * 3600});
  }
  setup.set_feed("/wire.xml", "Wire World", stories);
  setup.run_once();

  CHECK(setup.server.request_count("/analysts") == 1);
  CHECK(setup.server.request_count("/chat") == 1);
  CHECK(setup.posts("/analysts")[0]["data"]["story"]["title"] == k_k2.title);
  CHECK(newsmon::test::query_value(setup.database, "SELECT count(*) FROM items") == "31");
  CHECK(newsmon::test::query_value(
            setup.database, "SELECT count(*) FROM matches WHERE rule_id = 'arms-tanks'") == "31");
  const auto listed = setup.newsmon({"alerts", "--since", "1d"});
  REQUIRE(listed.exit_code == 0);
  std::size_t held = 0;
  for (auto at = listed.out.find("not sent to analysts: published"); at != std::string::npos;
       at = listed.out.find("not sent to analysts: published", at + 1)) {
    ++held;
  }
  CHECK(held == 30);
  CHECK_THAT(listed.out, Catch::Contains("older than alerts.max_age (2d)"));
}

TEST_CASE("A silence on a rule glob holds alerts and names itself; after it expires they flow",
          "[e2e][alerts]") {
  TempDir rules_dir;
  Setup setup(write_rules(rules_dir));
  const auto added = setup.newsmon(
      {"silence", "add", "--rule", "arms-*", "--for", "2h", "--comment", "procurement week"});
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  CHECK_THAT(added.out, Catch::StartsWith("silence 1 holds rule arms-* until "));

  setup.set_feed("/wire.xml", "Wire World", {k_k2});
  setup.run_once();
  CHECK(setup.server.request_count("/analysts") == 0);
  CHECK(setup.server.request_count("/chat") == 0);
  const auto alerts = setup.alerts();
  REQUIRE(alerts.size() == 1);
  for (const auto& delivery : alerts[0]["deliveries"]) {
    CHECK(delivery["state"] == "held");
    CHECK(delivery["held_because"] == "silenced");
    CHECK(delivery["silence"] == 1);
  }
  const auto listed = setup.newsmon({"silence", "list"});
  CHECK_THAT(listed.out, Catch::Contains("silence 1  active until ") &&
                             Catch::Contains("rule arms-*  (held 2 messages)") &&
                             Catch::Contains("\"procurement week\""));
  CHECK_THAT(setup.newsmon({"alerts"}).out,
             Catch::Contains("not sent to chat: silenced by silence 1 (\"procurement week\")"));

  const auto expired = setup.newsmon({"silence", "expire", "1"});
  REQUIRE(expired.exit_code == 0);
  CHECK_THAT(setup.newsmon({"silence", "list"}).out, Catch::Contains("silence 1  expired by hand"));
  Story next = k_k2;
  next.id = "k2-second";
  next.title = "Poland to buy more K2 tanks";
  next.summary = "A second contract for K2 tanks will follow, officials said.";
  next.link = "https://wire.example.net/k2-second";
  setup.set_feed("/wire.xml", "Wire World", {k_k2, next});
  setup.run_once();
  REQUIRE(setup.server.request_count("/analysts") == 1);
  CHECK(setup.posts("/analysts")[0]["data"]["story"]["title"] == next.title);
}

TEST_CASE("A disabled rule and a negated glob keep their alerts from a webhook", "[e2e][alerts]") {
  TempDir rules_dir;
  const auto rules = write_rules(rules_dir, R"yaml(  - id: arms-poland
    title: Poland buys arms
    topics: [arms_transfer]
    query: poland AND tank*
    enabled: false
)yaml");
  Setup setup(rules, "    rules: [\"!alliance-*\"]\n", "    rules: [\"alliance-*\"]\n");
  REQUIRE(setup.newsmon({"check"}).exit_code == 0);
  setup.set_feed("/wire.xml", "Wire World", {k_k2});
  setup.run_once();
  const auto analysts = setup.posts("/analysts");
  REQUIRE(analysts.size() == 1);
  CHECK(rule_ids(analysts[0]["data"]) == std::set<std::string>{"arms-tanks"});  // not disabled
  CHECK(setup.server.request_count("/chat") == 0);  // wants summits only
}
