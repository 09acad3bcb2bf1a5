// `newsmon migrate` on both backends, and copying an SQLite store into PostgreSQL.

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"
#include "tests/support/paths.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/process.h"

using namespace newsmon;
using Catch::Matchers::Contains;
using newsmon::test::k_start;

namespace {

struct MigrateFixture {
  test::TempDir dir;

  void configure(const std::string& database, const std::string& extra = {}) {
    test::write_file(dir / "rules" / "watch.yaml",
                     "rules:\n  - id: arms\n    topics: [arms_transfer]\n    query: abrams\n");
    test::write_file(dir / "newsmon.yaml",
                     "database: '" + database + "'\n" + extra +
                         "rules: [rules]\nfeeds: [https://feeds.example.org/world.xml]\n");
  }

  test::RunResult migrate(std::vector<std::string> arguments = {}) {
    arguments.insert(arguments.begin(), {"migrate", "--config", (dir / "newsmon.yaml").string()});
    return test::run_newsmon(arguments);
  }

  // An SQLite store with a feed's poll state, an alert with its delivery and a silence.
  std::filesystem::path sqlite_store() {
    const auto path = dir / "old.db";
    auto store = store::open_sqlite_store(path).value();
    auto feed = store->sync_feeds({"https://feeds.example.org/world.xml"}, k_start).value().at(0);
    feed.etag = "W/\"5e8f\"";
    feed.consecutive_failures = 2;
    feed.publish_gap_seconds = 1234.5;
    REQUIRE(store->save_feed_state(feed).ok());
    std::vector<store::IncomingItem> items;
    items.push_back(test::make_item("a", "US commits 31 Abrams tanks", "Summary",
                                    "https://example.org/a", {test::make_match("arms")}));
    REQUIRE(test::ingest(*store, feed.id, std::move(items), k_start).value().alerts_raised == 1);
    store::NewSilence silence;
    silence.matchers.topic = "arms_transfer";
    silence.starts_at = k_start;
    silence.ends_at = k_start + 3600;
    REQUIRE(store->add_silence(silence, k_start).ok());
    return path;
  }
};

}  // namespace

TEST_CASE("migrate brings an SQLite database to the current schema and says which",
          "[app][migrate]") {
  MigrateFixture fixture;
  fixture.configure("state/newsmon.db");
  std::filesystem::create_directories(fixture.dir / "state");
  const auto result = fixture.migrate();
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Contains("newsmon.db is at schema version 5"));
  CHECK(std::filesystem::exists(fixture.dir / "state" / "newsmon.db"));
}

TEST_CASE("migrate creates the schema of an empty PostgreSQL database", "[app][migrate]") {
  auto* cluster = test::PostgresCluster::instance();
  if (!cluster) {
    WARN("skipped: " << test::PostgresCluster::unavailable_reason());
    return;
  }
  MigrateFixture fixture;
  const auto url = cluster->create_database();
  fixture.configure(url);
  const auto result = fixture.migrate();
  INFO(result.err);
  CHECK(result.exit_code == 0);
  // Shown as every URL with credentials is: without its user and password.
  const auto shown = "postgresql://***@" + url.substr(url.find('@') + 1);
  CHECK(result.out == shown + " is at schema version 3\n");
  CHECK(test::pg_query(url, "SELECT version FROM schema_version") == std::vector<test::Row>{{"3"}});
}

TEST_CASE("migrate --from copies an SQLite store into an empty PostgreSQL database only",
          "[app][migrate]") {
  auto* cluster = test::PostgresCluster::instance();
  if (!cluster) {
    WARN("skipped: " << test::PostgresCluster::unavailable_reason());
    return;
  }
  MigrateFixture fixture;
  const auto old_store = fixture.sqlite_store();
  const auto url = cluster->create_database();
  fixture.configure(url);

  const auto copied = fixture.migrate({"--from", "sqlite:" + old_store.string()});
  INFO(copied.err);
  REQUIRE(copied.exit_code == 0);
  CHECK_THAT(copied.out, Contains("1 feeds, 1 items, 1 silences, 1 alerts, 1 matches, "
                                  "1 deliveries"));
  CHECK(
      test::pg_query(url,
                     "SELECT configured_url, etag, consecutive_failures, publish_gap_seconds "
                     "FROM feeds") ==
      std::vector<test::Row>{{"https://feeds.example.org/world.xml", "W/\"5e8f\"", "2", "1234.5"}});
  CHECK(test::pg_query(url, "SELECT webhook_id, state FROM deliveries") ==
        test::query(old_store, "SELECT webhook_id, state FROM deliveries"));

  auto copy = store::open_store(url).value();
  const auto alerts = copy->alerts(test::alerts_since(0)).value();
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].alert.story.title == "US commits 31 Abrams tanks");
  CHECK(alerts[0].alert.matches.at(0).match.hits.size() == 1);
  // New rows continue after the copied ids.
  CHECK(copy->sync_feeds({"https://b.example/feed"}, k_start).value().at(0).id == 2);

  SECTION("a second copy into the same database is refused and changes nothing") {
    const auto again = fixture.migrate({"--from", "sqlite:" + old_store.string()});
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.err, Contains("already holds feeds"));
    CHECK(test::pg_query(url, "SELECT count(*) FROM items") == std::vector<test::Row>{{"1"}});
  }
  SECTION("--from must name an SQLite file") {
    const auto wrong = fixture.migrate({"--from", old_store.string()});
    CHECK(wrong.exit_code == 2);
    CHECK_THAT(wrong.err, Contains("--from takes sqlite:PATH"));
  }
}

TEST_CASE("Commands on a PostgreSQL database never show its password", "[app][migrate]") {
  auto* cluster = test::PostgresCluster::instance();
  if (!cluster) {
    WARN("skipped: " << test::PostgresCluster::unavailable_reason());
    return;
  }
  MigrateFixture fixture;
  const auto url = cluster->create_database();
  // The test server trusts local connections: the password is carried, not checked.
  const auto with_password = "postgresql://newsmon:hunter2@" + url.substr(url.find('@') + 1);
  fixture.configure(with_password);
  const auto migrated = fixture.migrate();
  CHECK(migrated.exit_code == 0);
  const auto status =
      test::run_newsmon({"status", "--config", (fixture.dir / "newsmon.yaml").string(), "--json"});
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.out, Contains("postgresql://***@127.0.0.1"));
  for (const auto& output : {migrated.out, migrated.err, status.out, status.err}) {
    CHECK_THAT(output, !Contains("hunter2"));
  }
}
