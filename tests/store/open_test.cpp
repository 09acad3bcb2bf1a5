// Opening the SQLite file: schema, pragmas, versions, and what other processes see.

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "daemon/util/text.h"
#include "tests/store/store_fixture.h"
#include "tests/support/paths.h"
#include "tests/support/sqlite_reader.h"

using namespace newsmon;
using newsmon::test::k_start;

namespace {

// A second connection on the file, as another process would hold it.
struct RawConnection {
  sqlite3* handle = nullptr;
  explicit RawConnection(const std::filesystem::path& path) {
    REQUIRE(sqlite3_open(path.c_str(), &handle) == SQLITE_OK);
  }
  ~RawConnection() { sqlite3_close(handle); }
  int execute(const char* sql) { return sqlite3_exec(handle, sql, nullptr, nullptr, nullptr); }
};

store::SqliteOptions read_only() {
  store::SqliteOptions options;
  options.access = store::Access::read_only;
  return options;
}

}  // namespace

TEST_CASE("A new database file gets the whole schema in WAL mode", "[store]") {
  test::use_backend(test::Backend::sqlite);  // what this file tests is SQLite's own
  test::StoreFixture fixture;
  CHECK(test::query_value(fixture.path, "PRAGMA user_version") == "5");
  CHECK(test::query_value(fixture.path, "PRAGMA journal_mode") == "wal");
  const auto tables = test::query(
      fixture.path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  CHECK(tables == std::vector<test::Row>{{"alerts"},
                                         {"deliveries"},
                                         {"feeds"},
                                         {"host_slots"},
                                         {"instances"},
                                         {"items"},
                                         {"matches"},
                                         {"silences"}});
  CHECK(test::query_value(fixture.path, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("Reopening a database keeps its rows and its schema version", "[store]") {
  test::TempDir dir;
  const auto path = dir / "newsmon.db";
  {
    auto store = store::open_sqlite_store(path).value();
    REQUIRE(store->sync_feeds({"https://a.example/feed"}, k_start).ok());
  }
  auto store = store::open_sqlite_store(path).value();
  const auto feeds = store->feeds().value();
  REQUIRE(feeds.size() == 1);
  CHECK(feeds[0].configured_url == "https://a.example/feed");
  CHECK(test::query_value(path, "PRAGMA user_version") == "5");
}

TEST_CASE("A database written by a newer newsmon is refused with what to do", "[store]") {
  test::TempDir dir;
  const auto path = dir / "newsmon.db";
  { REQUIRE(store::open_sqlite_store(path).ok()); }
  {
    RawConnection raw(path);
    REQUIRE(raw.execute("PRAGMA user_version = 99") == SQLITE_OK);
  }
  const auto opened = store::open_sqlite_store(path);
  REQUIRE_FALSE(opened.ok());
  CHECK_THAT(opened.error().message, Catch::Contains(path.string()) &&
                                         Catch::Contains("schema version 99") &&
                                         Catch::Contains("newer newsmon"));
}

TEST_CASE("Read-only access needs an existing database and says how one is made", "[store]") {
  test::TempDir dir;
  const auto path = dir / "missing.db";
  const auto opened = store::open_sqlite_store(path, read_only());
  REQUIRE_FALSE(opened.ok());
  CHECK_THAT(opened.error().message,
             Catch::Contains("no database at") && Catch::Contains("newsmon run"));
  CHECK_FALSE(std::filesystem::exists(path));

  SECTION("an existing one is read but never written") {
    { REQUIRE(store::open_sqlite_store(path).value()->sync_feeds({"https://a/"}, k_start)); }
    auto reader = store::open_sqlite_store(path, read_only()).value();
    CHECK(reader->feeds().value().size() == 1);
    CHECK_FALSE(reader->sync_feeds({"https://b/"}, k_start).ok());
  }
}

TEST_CASE("A write that finds the database locked fails as busy, is counted, and changes nothing",
          "[store]") {
  test::TempDir dir;
  const auto path = dir / "newsmon.db";
  store::SqliteOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(20);
  auto store = store::open_sqlite_store(path, impatient).value();
  RawConnection other(path);
  REQUIRE(other.execute("BEGIN IMMEDIATE") == SQLITE_OK);

  const auto synced = store->sync_feeds({"https://a.example/feed"}, k_start);
  REQUIRE_FALSE(synced.ok());
  CHECK_THAT(synced.error().message, Catch::Contains("busy") && Catch::Contains(path.string()));
  CHECK(store->busy_count() == 1);

  REQUIRE(other.execute("COMMIT") == SQLITE_OK);
  CHECK(store->feeds().value().empty());
  CHECK(store->sync_feeds({"https://a.example/feed"}, k_start).ok());
  CHECK(store->busy_count() == 1);
}

TEST_CASE("A checkpoint empties the write-ahead log", "[store]") {
  test::use_backend(test::Backend::sqlite);  // what this file tests is SQLite's own
  test::StoreFixture fixture;
  std::vector<store::IncomingItem> items;
  for (int i = 0; i < 200; ++i) {
    items.push_back(test::make_item("id-" + std::to_string(i), "Title " + std::to_string(i),
                                    std::string(2000, 'x'),
                                    "https://example.org/" + std::to_string(i)));
  }
  REQUIRE(test::ingest(*fixture.store, fixture.feed_id, std::move(items), k_start).ok());
  const auto wal = std::filesystem::path(fixture.path.string() + "-wal");
  REQUIRE(std::filesystem::file_size(wal) > 100'000);

  SECTION("when no one reads") {
    REQUIRE(fixture.store->checkpoint().ok());
    CHECK(std::filesystem::file_size(wal) == 0);
  }
  SECTION("not while a reader holds an older snapshot, and without waiting for it") {
    RawConnection reader(fixture.path);
    REQUIRE(reader.execute("BEGIN; SELECT count(*) FROM items;") == SQLITE_OK);
    std::vector<store::IncomingItem> more;
    more.push_back(test::make_item("late", "Late", "", "https://example.org/late"));
    REQUIRE(test::ingest(*fixture.store, fixture.feed_id, std::move(more), k_start).ok());
    CHECK(fixture.store->checkpoint().ok());
    CHECK(std::filesystem::file_size(wal) > 0);
    CHECK(fixture.store->busy_count() == 0);
    REQUIRE(reader.execute("COMMIT") == SQLITE_OK);
  }
}

TEST_CASE("A database at an older schema version is upgraded and keeps its rows", "[store]") {
  test::TempDir dir;
  const auto path = dir / "newsmon.db";
  {
    // What version 2 left: one alert per rule and story, copies pointing to the first.
    RawConnection raw(path);
    const auto sql = util::read_file(test::data_dir() / "store" / "schema-2.sql").value();
    REQUIRE(raw.execute(sql.c_str()) == SQLITE_OK);
  }
  SECTION("commands that only read ask for the daemon to upgrade it first") {
    const auto reader = store::open_sqlite_store(path, read_only());
    REQUIRE_FALSE(reader.ok());
    CHECK_THAT(reader.error().message,
               Catch::Contains("schema version 2") && Catch::Contains("to upgrade it"));
  }
  SECTION("the daemon upgrades it to one alert per story") {
    auto store = store::open_sqlite_store(path).value();
    CHECK(test::query_value(path, "PRAGMA user_version") == "5");
    CHECK(test::query(path, "PRAGMA foreign_key_check").empty());
    CHECK(test::query(path, "SELECT id, item_id, raised_at FROM alerts ORDER BY id") ==
          std::vector<test::Row>{{"1", "1", "1675060100"}, {"2", "3", "1675060300"}});
    CHECK(test::query(path, "SELECT id, item_id, alert_id, rule_id FROM matches ORDER BY id") ==
          std::vector<test::Row>{{"1", "1", "1", "nato-arms-appeal"},
                                 {"2", "1", "1", "arms-transfer-request"},
                                 {"3", "2", "1", "nato-arms-appeal"},
                                 {"4", "3", "2", "arms-transfer-request"}});
    CHECK(test::query(path,
                      "SELECT alert_id, endpoint, sequence, webhook_id, state, rules FROM "
                      "deliveries ORDER BY id") ==
          std::vector<test::Row>{
              {"1", "analysts", "0", "msg_one", "delivered", R"(["nato-arms-appeal"])"},
              {"1", "analysts", "1", "msg_two", "delivered", R"(["arms-transfer-request"])"},
              {"2", "analysts", "0", "msg_three", "pending", R"(["arms-transfer-request"])"}});
    const auto rows = store->alerts(test::alerts_since(0)).value();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].alert.story.title == "NATO chief urges South Korea to send weapons");
    CHECK(rows[0].alert.matches.size() == 3);
    REQUIRE(rows[0].alert.also_reported_by.size() == 1);
    CHECK(rows[0].alert.also_reported_by[0].feed_title == "Paper Europe");
    // The pending delivery is still sent, under its old webhook-id.
    const auto jobs =
        store->lease_deliveries("analysts", 1675060400, std::chrono::seconds(60), 10).value();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].webhook_id == "msg_three");
    CHECK(jobs[0].alert.story.title == "Tanks for Poland");
  }
}
