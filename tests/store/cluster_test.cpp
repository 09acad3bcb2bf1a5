// One alert per story: copies from other feeds and outlets fold into the first alert.

#include <catch2/catch.hpp>

#include "daemon/store/ingest.h"
#include "daemon/util/simhash.h"
#include "tests/store/memory_ingest.h"
#include "tests/store/store_fixture.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using newsmon::test::k_start;
using newsmon::test::make_item;
using newsmon::test::make_match;

namespace {

constexpr const char* k_summary =
    "The United States will send 31 M1 Abrams tanks to Ukraine, President Joe Biden announced "
    "on Wednesday, reversing months of resistance to providing the advanced battle tanks that "
    "Kyiv has long sought.";

struct ClusterFixture : test::StoreFixture {
  std::int64_t wire = add_feed("https://wire.example.net/rss");
  std::int64_t paper = add_feed("https://paper.example.com/feed.xml");

  store::IngestResult ingest(std::int64_t feed, store::IncomingItem item, store::Epoch at,
                             store::ClusterPolicy policy = {}) {
    std::vector<store::IncomingItem> items;
    items.push_back(std::move(item));
    return test::ingest(*store, feed, std::move(items), at, {"analysts"}, policy).value();
  }

  store::AlertRow only_alert() {
    const auto rows = store->alerts(test::alerts_since(0)).value();
    REQUIRE(rows.size() == 1);
    return rows[0];
  }
};

store::ClusterPolicy strict_policy() {
  store::ClusterPolicy policy;
  policy.max_hamming_distance = 2;
  return policy;
}

}  // namespace

TEST_CASE("A syndicated copy under another address with tracking parameters is one alert",
          "[store][cluster]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ClusterFixture fixture;
  const auto first = fixture.ingest(
      fixture.feed_id,
      make_item("w1", "US to send 31 Abrams tanks to Ukraine", k_summary,
                "https://www.example.org/world/abrams-ukraine", {make_match("arms")}),
      k_start);
  CHECK(first.alerts_raised == 1);
  // Another feed of the same outlet, with its own entry id, campaign tags and fragment.
  const auto copy = fixture.ingest(
      fixture.wire,
      make_item("x9", "Abrams for Kyiv", "Short teaser.",
                "https://example.org/world/abrams-ukraine/?utm_source=rss&utm_medium=feed#top",
                {make_match("arms")}),
      k_start + 3600);
  CHECK(copy.new_items == 1);
  CHECK(copy.alerts_raised == 0);
  CHECK(copy.copies == 1);
  CHECK(copy.deliveries == 0);

  const auto row = fixture.only_alert();
  CHECK(row.alert.story.title == "US to send 31 Abrams tanks to Ukraine");
  REQUIRE(row.alert.also_reported_by.size() == 1);
  const auto& report = row.alert.also_reported_by[0];
  CHECK(report.feed_url == "https://wire.example.net/rss");
  CHECK(report.title == "Abrams for Kyiv");
  CHECK(report.seen_at == k_start + 3600);
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM deliveries") == "1");

  SECTION("and the lease hands the copy to the alerter with the alert") {
    const auto jobs =
        fixture.store->lease_deliveries("analysts", k_start + 3600, std::chrono::seconds(60), 10);
    REQUIRE(jobs.ok());
    REQUIRE(jobs->size() == 1);
    CHECK(jobs->at(0).alert.also_reported_by.size() == 1);
  }
}

TEST_CASE("The same story under a reworded headline from another outlet is one alert",
          "[store][cluster]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ClusterFixture fixture;
  fixture.ingest(fixture.wire,
                 make_item("w1", "US to send 31 Abrams tanks to Ukraine", k_summary,
                           "https://wire.example.net/abrams", {make_match("arms")}),
                 k_start);
  const auto copy = fixture.ingest(
      fixture.paper,
      make_item("p1", "Biden approves Abrams tank shipment for Kyiv in policy reversal", k_summary,
                "https://paper.example.com/2023/01/25/biden-abrams", {make_match("arms")}),
      k_start + 600);
  CHECK(copy.copies == 1);
  CHECK(copy.alerts_raised == 0);
  const auto row = fixture.only_alert();
  REQUIRE(row.alert.also_reported_by.size() == 1);
  CHECK(row.alert.also_reported_by[0].link == "https://paper.example.com/2023/01/25/biden-abrams");
}

TEST_CASE("A different story on the same topic still raises its own alert", "[store][cluster]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ClusterFixture fixture;
  fixture.ingest(fixture.wire,
                 make_item("w1", "US to send 31 Abrams tanks to Ukraine", k_summary,
                           "https://wire.example.net/abrams", {make_match("arms")}),
                 k_start);
  const auto other = fixture.ingest(
      fixture.paper,
      make_item("p2", "Germany to send Leopard 2 tanks to Ukraine",
                "Germany will send 14 Leopard 2 tanks to Ukraine, Chancellor Olaf Scholz "
                "announced on Wednesday, after weeks of pressure from allies to provide the "
                "battle tanks Kyiv has long sought.",
                "https://paper.example.com/leopard", {make_match("arms")}),
      k_start + 600);
  CHECK(other.alerts_raised == 1);
  CHECK(other.copies == 0);
  CHECK(other.deliveries == 1);
  CHECK(fixture.store->alerts(test::alerts_since(0)).value().size() == 2);
}

TEST_CASE("Stories of one outlet are told apart by link, however alike they read",
          "[store][cluster]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  // A daily series whose title and summary follow one template.
  const std::string title = "Russia-Ukraine war: List of key events, day ";
  const std::string summary =
      " day, these are the main developments on the battlefield, in diplomacy and in weapons "
      "deliveries to Ukraine.";
  const auto day_340 = util::story_simhash(title + "340", "As the war enters its 340th" + summary);
  const auto day_341 = util::story_simhash(title + "341", "As the war enters its 341st" + summary);
  REQUIRE(util::hamming_distance(*day_340, *day_341) <=
          store::ClusterPolicy{}.max_hamming_distance);

  ClusterFixture fixture;
  fixture.ingest(fixture.paper,
                 make_item("d340", title + "340", "As the war enters its 340th" + summary,
                           "https://paper.example.com/day-340", {make_match("arms")}),
                 k_start);
  const auto next =
      fixture.ingest(fixture.paper,
                     make_item("d341", title + "341", "As the war enters its 341st" + summary,
                               "https://paper.example.com/day-341", {make_match("arms")}),
                     k_start + 86400);
  CHECK(next.alerts_raised == 1);
  CHECK(next.copies == 0);
}

TEST_CASE("Clustering is per story, within the window, and the threshold is the policy's",
          "[store][cluster]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  ClusterFixture fixture;
  fixture.ingest(fixture.wire,
                 make_item("w1", "US to send 31 Abrams tanks to Ukraine", k_summary,
                           "https://wire.example.net/abrams", {make_match("arms")}),
                 k_start);
  const auto copy = [&](const std::string& id, std::vector<rules::Match> matches) {
    return make_item(id, "US to send 31 Abrams tanks to Ukraine", k_summary,
                     "https://paper.example.com/" + id, std::move(matches));
  };

  SECTION("a copy that also matches a rule of another topic joins the alert with a follow-up") {
    const auto result = fixture.ingest(
        fixture.paper,
        copy("p1", {make_match("arms"), make_match("diplomacy", {"alliance_diplomacy"})}),
        k_start + 60);
    CHECK(result.copies == 1);
    CHECK(result.alerts_raised == 0);
    CHECK(result.follow_ups == 1);
    REQUIRE(result.alerts.size() == 1);
    CHECK(result.alerts[0].rule_ids == std::vector<std::string>{"arms", "diplomacy"});
    const auto row = fixture.only_alert();
    CHECK(row.alert.matches.size() == 3);  // the story's own and the copy's two
    REQUIRE(row.deliveries.size() == 2);
    CHECK(row.deliveries[1].sequence == 1);
    CHECK(row.deliveries[1].notice.topics ==
          std::vector<std::string>{"arms_transfer", "alliance_diplomacy"});
  }
  SECTION("a copy that matches another rule of a topic already told adds no message") {
    const auto result =
        fixture.ingest(fixture.paper, copy("p1", {make_match("arms-2")}), k_start + 60);
    CHECK(result.copies == 1);
    CHECK(result.deliveries == 0);
    CHECK(fixture.only_alert().alert.matches.size() == 2);
  }
  SECTION("a copy after the window raises a new alert") {
    const auto result =
        fixture.ingest(fixture.paper, copy("p1", {make_match("arms")}), k_start + 48 * 3600 + 1);
    CHECK(result.alerts_raised == 1);
  }
  SECTION("a rule's own suppress window overrides the default") {
    auto short_window = make_match("arms");
    short_window.suppress = std::chrono::hours(6);
    const auto result =
        fixture.ingest(fixture.paper, copy("p1", {short_window}), k_start + 7 * 3600);
    CHECK(result.alerts_raised == 1);
  }
  SECTION("a stricter similarity threshold keeps reworded copies apart") {
    const auto result = fixture.ingest(
        fixture.paper,
        make_item("p1", "Biden approves Abrams tank shipment for Kyiv in policy reversal",
                  k_summary, "https://paper.example.com/p1", {make_match("arms")}),
        k_start + 60, strict_policy());
    CHECK(result.alerts_raised == 1);
  }
  SECTION("a copy of a copy joins the first alert") {
    fixture.ingest(fixture.paper, copy("p1", {make_match("arms")}), k_start + 60);
    const auto third = fixture.add_feed("https://third.example.info/rss");
    const auto result =
        fixture.ingest(third,
                       make_item("t1", "Abrams", "", "https://paper.example.com/p1?fbclid=abc",
                                 {make_match("arms")}),
                       k_start + 120);
    CHECK(result.copies == 1);
    CHECK(fixture.only_alert().alert.also_reported_by.size() == 2);
  }
}

TEST_CASE("Stories with too few words are compared by link only", "[store][cluster]") {
  test::use_backend(GENERATE(from_range(test::store_backends())));
  CHECK_FALSE(util::story_simhash("Abrams to Kyiv", "").has_value());
  ClusterFixture fixture;
  fixture.ingest(
      fixture.wire,
      make_item("w1", "Abrams to Kyiv", "", "https://wire.example.net/1", {make_match("arms")}),
      k_start);
  const auto other = fixture.ingest(
      fixture.paper,
      make_item("p1", "Abrams to Kyiv", "", "https://paper.example.com/2", {make_match("arms")}),
      k_start + 60);
  CHECK(other.alerts_raised == 1);
  CHECK(test::query_value(fixture.db, "SELECT count(*) FROM items WHERE simhash IS NULL") == "2");
}

// The same decision over another backend: store::ingest_items() on plain vectors.
namespace {

struct MemoryFixture {
  test::MemoryIngest backend;
  MemoryFixture() {
    backend.feeds = {{1, "https://wire.example.net/rss"}, {2, "https://paper.example.com/feed"}};
  }

  // One item with one match for the rule "arms" to "analysts"; returns the ingest's result.
  store::IngestResult add(std::int64_t feed, const std::string& id, const std::string& link,
                          std::uint64_t simhash, store::Epoch at,
                          std::chrono::seconds suppress = std::chrono::seconds(0)) {
    auto item = make_item(id, "Title " + id, "", link, {make_match("arms")});
    item.simhash = simhash;
    item.matches[0].suppress = suppress;
    std::vector<store::IncomingItem> items;
    items.push_back(std::move(item));
    return store::ingest_items(backend, feed, std::move(items), at, strict_policy(),
                               test::SendToAll({"analysts"}))
        .value();
  }
};

}  // namespace

TEST_CASE("Over any backend a copy by link or by near SimHash from another outlet folds in",
          "[store][cluster]") {
  MemoryFixture fixture;
  CHECK(fixture.add(1, "a", "https://wire.example.net/a", 0b1111, k_start).alerts_raised == 1);
  // The same story under its canonical link, in the other feed.
  CHECK(fixture.add(2, "b", "https://wire.example.net/a", 0, k_start + 1).copies == 1);
  // Another outlet, two bits away.
  CHECK(fixture.add(2, "c", "https://paper.example.com/c", 0b0011, k_start + 2).copies == 1);
  // The same outlet as the alert, one bit away (but three from the other outlet's copy):
  // its own alert, since one outlet's series read alike every day.
  CHECK(fixture.add(1, "d", "https://wire.example.net/d", 0b11111, k_start + 3).alerts_raised == 1);
  CHECK(fixture.backend.alert_of_item(2) == 1);
  CHECK(fixture.backend.alert_of_item(3) == 1);
  CHECK(fixture.backend.alert_of_item(4) == 2);
  CHECK(fixture.backend.deliveries.size() == 2);  // one per alert, none for the copies
  CHECK(fixture.backend.commits == 4);
}

TEST_CASE("Over any backend the window, a rule's suppress and the nearest alert decide",
          "[store][cluster]") {
  MemoryFixture fixture;
  const store::Epoch day = 24 * 3600;
  fixture.add(1, "far", "https://wire.example.net/far", 0b0111, k_start);
  fixture.add(1, "near", "https://wire.example.net/near", 0b0001, k_start + 10);
  // Nearest of the two: one bit from "near", two from "far".
  fixture.add(2, "copy", "https://paper.example.com/copy", 0b0000, k_start + 20);
  CHECK(fixture.backend.alert_of_item(3) == 2);
  // Three days later the default window of two days has passed...
  CHECK(fixture.add(2, "late", "https://paper.example.com/late", 0b0001, k_start + 3 * day)
            .alerts_raised == 1);
  // ...but a rule that suppresses for a week still folds it in.
  CHECK(fixture
            .add(2, "week", "https://paper.example.com/week", 0b0011, k_start + 3 * day,
                 std::chrono::hours(7 * 24))
            .copies == 1);
}

TEST_CASE("Over any backend an item already stored is neither stored nor alerted again",
          "[store][cluster]") {
  MemoryFixture fixture;
  CHECK(fixture.add(1, "a", "https://wire.example.net/a", 1, k_start).new_items == 1);
  const auto again = fixture.add(1, "a", "https://wire.example.net/a", 1, k_start + 5);
  CHECK(again.new_items == 0);
  CHECK(again.alerts_raised == 0);
  CHECK(fixture.backend.matches.size() == 1);
}

TEST_CASE("A story whose link another process claimed a moment ago joins that alert",
          "[store][cluster]") {
  MemoryFixture fixture;
  // Another daemon polls another feed with the same story and commits its alert just
  // after this one looked for an earlier alert and found none.
  // (This story is item 1; theirs is item 2, its alert the first.)
  fixture.backend.before_insert_alert = [&] {
    fixture.backend.items.push_back({2, 2, "theirs", "https://wire.example.net/a", "wire", 7});
    fixture.backend.alerts.push_back({1, 2, "theirs-key", "https://wire.example.net/a", k_start});
    fixture.backend.matches.push_back(
        {2, 1, {"arms", "Rule arms", {"arms_transfer"}, rules::Severity::high}});
    fixture.backend.deliveries.push_back(
        {1, 0, "msg_theirs", {"analysts", 0, store::DeliveryState::pending, {}}});
  };
  const auto result = fixture.add(1, "mine", "https://wire.example.net/a", 0, k_start);
  CHECK(result.alerts_raised == 0);
  CHECK(result.copies == 1);
  CHECK(fixture.backend.alerts.size() == 1);
  CHECK(fixture.backend.alert_of_item(1) == 1);

  SECTION("and a claim older than the window lapses, so the link raises a new alert") {
    const auto later =
        fixture.add(2, "again", "https://wire.example.net/a", 0, k_start + 3 * 24 * 3600);
    CHECK(later.alerts_raised == 1);
    CHECK(fixture.backend.alerts.back().open_link == "https://wire.example.net/a");
    CHECK(fixture.backend.alerts.front().open_link.empty());
  }
}

TEST_CASE("A follow-up another process wrote first is planned again, not written twice",
          "[store][cluster]") {
  MemoryFixture fixture;
  fixture.add(1, "a", "https://wire.example.net/a", 0b1111, k_start);
  auto copy = make_item("b", "Title b", "", "https://wire.example.net/a",
                        {make_match("diplomacy", {"alliance_diplomacy"})});
  // The other process's follow-up to the same endpoint, with the same news, lands first.
  fixture.backend.before_insert_delivery = [&] {
    store::Notice told{
        {"arms", "diplomacy"}, {"arms_transfer", "alliance_diplomacy"}, rules::Severity::high};
    fixture.backend.deliveries.push_back(
        {1, 1, "msg_theirs", {"analysts", 1, store::DeliveryState::pending, told}});
  };
  std::vector<store::IncomingItem> items;
  items.push_back(std::move(copy));
  const auto result = store::ingest_items(fixture.backend, 2, std::move(items), k_start + 60,
                                          strict_policy(), test::SendToAll({"analysts"}))
                          .value();
  CHECK(result.copies == 1);
  CHECK(result.follow_ups == 0);  // planned again: the endpoint was told already
  CHECK(fixture.backend.deliveries.size() == 2);
}
