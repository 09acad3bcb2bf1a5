// The shipped rule packs (rules/): they load, pass their examples, keep to the label
// definitions on labelled stories, and read the seed story as the design says.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "daemon/rules/rule_set.h"
#include "tests/rules/helpers.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using nlohmann::json;

namespace {

const rules::RuleSet* packs() {
  return &rules::test::shipped_rules();
}

std::vector<std::string> topics_of(const std::vector<rules::Match>& matches) {
  std::vector<std::string> topics;
  for (const auto& match : matches) {
    for (const auto& topic : match.topics) {
      if (std::find(topics.begin(), topics.end(), topic) == topics.end()) topics.push_back(topic);
    }
  }
  std::sort(topics.begin(), topics.end());
  return topics;
}

std::vector<rules::Event> events_of(const std::vector<rules::Match>& matches,
                                    rules::EventKind kind = rules::EventKind::transfer) {
  std::vector<rules::Event> events;
  for (const auto& match : matches) {
    for (const auto& event : match.events) {
      if (event.kind == kind) events.push_back(event);
    }
  }
  return events;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Whether a labelled name ("Denmark and Netherlands", "Türkiye") covers an extracted one.
bool names_party(const std::string& labelled, const std::string& extracted) {
  if (extracted.empty()) return false;
  if (labelled.find(extracted) != std::string::npos) return true;
  return extracted == "Turkey" && labelled.find("Türkiye") != std::string::npos;
}

bool has_event(const std::vector<rules::Event>& events, const std::string& supplier,
               const std::string& recipient, const std::string& status,
               const std::string& system_word = "", std::optional<std::int64_t> quantity = {}) {
  return std::any_of(events.begin(), events.end(), [&](const rules::Event& event) {
    return event.supplier == supplier && event.recipient == recipient &&
           rules::status_name(event.status) == status &&
           event.system.find(system_word) != std::string::npos &&
           (!quantity || event.quantity == quantity);
  });
}

}  // namespace

TEST_CASE("The shipped rule packs load and pass their own examples", "[rules][packs]") {
  const auto rules = packs();
  CHECK(rules->rule_count() >= 10);
  const auto failures = rules->run_tests();
  for (const auto& failure : failures) INFO(failure.where.format() << failure.message);
  CHECK(failures.empty());
  const auto ids = rules->rule_ids();
  for (const char* id : {"arms-supply", "arms-purchase", "arms-embargo", "alliance-summit",
                         "alliance-accession", "defence-pact"}) {
    CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
  }
}

TEST_CASE("Every rule file of the packs has positive and negative examples", "[rules][packs]") {
  for (const char* name : {"arms-transfers.yaml", "alliance-diplomacy.yaml"}) {
    const std::string text = read_text(test::source_dir() / "rules" / name);
    INFO(name);
    CHECK(text.find("expect: match") != std::string::npos);
    CHECK(text.find("expect: no-match") != std::string::npos);
  }
}

TEST_CASE("The packs label the example stories as the label guide does", "[rules][packs]") {
  std::ifstream in(test::data_dir() / "packs/labelled.jsonl");
  REQUIRE(in);
  std::string line;
  int stories = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json story = json::parse(line);
    const std::string title = story["title"];
    const std::string summary = story["summary"];
    auto want = story["labels"].get<std::vector<std::string>>();
    std::sort(want.begin(), want.end());
    INFO(title);
    CHECK(topics_of(packs()->match(rules::Story{title, summary, ""})) == want);
    ++stories;
  }
  CHECK(stories >= 20);
}

TEST_CASE("newsmon match reports the events of arms-transfer matches", "[rules][packs]") {
  test::TempDir dir;
  test::write_file(dir / "story.jsonl",
                   R"({"id":"s1","title":"US commits 31 Abrams tanks to Ukraine"})"
                   "\n");
  const auto result = test::run_newsmon({"match", (dir / "story.jsonl").string(), "--rules",
                                         (test::source_dir() / "rules").string()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const json line = json::parse(result.out);
  REQUIRE(line["matches"].size() >= 1);
  const json& event = line["matches"][0]["events"].at(0);
  CHECK(event["supplier"] == "United States");
  CHECK(event["recipient"] == "Ukraine");
  CHECK(event["system"] == "Abrams tanks");
  CHECK(event["quantity"] == 31);
  CHECK(event["status"] == "pledged");
}

TEST_CASE("The seed story matches both topics with the transfers it reports", "[rules][packs]") {
  const std::string text = read_text(test::shared_dir_or_skip() / "corpus/seed-story.txt");
  const auto newline = text.find('\n');
  const std::string title = text.substr(0, newline);
  const std::string body = text.substr(newline + 1);
  const auto matches = packs()->match(rules::Story{title, "", body});
  CHECK(topics_of(matches) == std::vector<std::string>{"alliance_diplomacy", "arms_transfer"});
  for (const auto& match : matches) {
    INFO(match.rule_id);
    CHECK_FALSE(match.hits.empty());
  }
  const auto events = events_of(matches);
  std::string listed;
  for (const auto& e : events) {
    listed += e.supplier + " -> " + e.recipient + ": " + e.system + " (" +
              rules::status_name(e.status) + ")\n";
  }
  INFO(listed);
  CHECK(has_event(events, "South Korea", "Ukraine", "requested"));
  CHECK(has_event(events, "United States", "Ukraine", "pledged", "Abrams", 31));
  CHECK(has_event(events, "South Korea", "Poland", "ordered", "tanks"));
  REQUIRE_FALSE(events.empty());
  CHECK(events.front().supplier == "South Korea");
  CHECK(events.front().recipient == "Ukraine");
}

namespace {

struct Quality {
  struct Counts {
    int tp = 0, fp = 0, fn = 0;
  };
  std::map<std::string, Counts> topics;
  int with_event = 0;
  int paired = 0;  ///< items whose labelled supplier and recipient share one extracted event
};

// Matches every labelled story of a JSON Lines file (the format of news-dev.jsonl).
Quality measure(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  Quality quality;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json item = json::parse(line);
    const auto matches =
        packs()->match(rules::Story{item.value("title", ""), item.value("summary", ""), ""});
    const auto got = topics_of(matches);
    const auto want = item["labels"].get<std::vector<std::string>>();
    for (const std::string topic : {"arms_transfer", "alliance_diplomacy"}) {
      const bool truth = std::find(want.begin(), want.end(), topic) != want.end();
      const bool found = std::find(got.begin(), got.end(), topic) != got.end();
      auto& counts = quality.topics[topic];
      counts.tp += truth && found;
      counts.fp += found && !truth;
      counts.fn += truth && !found;
    }
    if (!item["event"].is_object()) continue;
    ++quality.with_event;
    const auto events = events_of(matches);
    const std::string supplier = item["event"]["supplier"];
    const std::string recipient = item["event"]["recipient"];
    quality.paired += std::any_of(events.begin(), events.end(), [&](const rules::Event& event) {
      return names_party(supplier, event.supplier) && names_party(recipient, event.recipient);
    });
  }
  return quality;
}

void check_goals(const Quality& quality, double precision, double recall, double paired) {
  REQUIRE(quality.topics.size() == 2);
  for (const auto& [topic, c] : quality.topics) {
    INFO(topic << ": tp " << c.tp << " fp " << c.fp << " fn " << c.fn);
    CHECK(c.tp >= precision * (c.tp + c.fp));
    CHECK(c.tp >= recall * (c.tp + c.fn));
  }
  INFO("supplier and recipient right on " << quality.paired << " of " << quality.with_event);
  CHECK(quality.paired >= paired * quality.with_event);
}

}  // namespace

TEST_CASE("The packs reach their quality goals on the labelled dev corpus", "[rules][packs]") {
  check_goals(measure(test::shared_dir_or_skip() / "corpus/news-dev.jsonl"), 0.95, 0.90, 0.80);
}

// Stories written from the label guide alone (tests/data/heldout, see docs/performance.md):
// the packs keep to the same goals on them, so a rule edit that helps one corpus at the
// cost of the others fails here.
TEST_CASE("The packs reach their quality goals on the other labelled story sets",
          "[rules][packs]") {
  for (const char* name : {"stories-a.jsonl", "stories-b.jsonl", "stories-c.jsonl",
                           "stories-d.jsonl", "stories-e.jsonl", "stories-f.jsonl",
                           "stories-g.jsonl", "stories-h.jsonl", "stories-i.jsonl"}) {
    INFO(name);
    check_goals(measure(test::data_dir() / "heldout" / name), 0.95, 0.90, 0.80);
  }
}

// Set j was measured once before its misses were read (docs/rules.md, "Quality"). After
// its round and the pairs round after it the topics reach the same goals, but supplier
// and recipient are right for only 35 of its 39 labelled transfers: the goal here is that
// figure, so that a change that loses one of them fails.
TEST_CASE("The packs keep their figures on the latest labelled story set", "[rules][packs]") {
  check_goals(measure(test::data_dir() / "heldout" / "stories-j.jsonl"), 0.95, 0.90, 0.89);
}

// Set k was measured once, before its misses were read (docs/rules.md, "Quality"): arms
// precision 0.951 and recall 0.867, alliance 0.920 and 0.676, 30 of 41 pairs. After its
// round both topics are caught in full, and after the leaders round 37 of the 41 pairs are
// right: the floor here is those figures, so that a change that loses one of them fails.
TEST_CASE("The packs keep their figures on set k", "[rules][packs]") {
  check_goals(measure(test::data_dir() / "heldout" / "stories-k.jsonl"), 0.99, 0.99, 0.90);
}

// Set l was measured once, before its misses were read: arms precision 0.974 and recall
// 0.787, alliance 0.960 and 0.706, 29 of 46 pairs. After its round and the m round: arms
// 1.000 and 0.915, alliance 1.000 and 1.000, 36 of 46 pairs; the floor is those figures.
TEST_CASE("The packs keep their figures on set l", "[rules][packs]") {
  check_goals(measure(test::data_dir() / "heldout" / "stories-l.jsonl"), 0.99, 0.91, 0.78);
}

// Set m was measured once, before its misses were read: arms precision 0.878 and recall
// 0.766, alliance 0.960 and 0.706, 31 of 47 pairs. After its round: arms 1.000 and 0.894,
// alliance 1.000 and 1.000, 38 of 47 pairs; the floor is those figures.
TEST_CASE("The packs keep their figures on the newest labelled story set", "[rules][packs]") {
  check_goals(measure(test::data_dir() / "heldout" / "stories-m.jsonl"), 0.99, 0.89, 0.80);
}
