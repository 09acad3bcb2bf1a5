// Opening the SQLite file: schema, pragmas, versions, and what other processes see.

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"
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
  test::StoreFixture fixture;
  CHECK(test::query_value(fixture.path, "PRAGMA user_version") == "2");
  CHECK(test::query_value(fixture.path, "PRAGMA journal_mode") == "wal");
  const auto tables = test::query(
      fixture.path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  CHECK(tables == std::vector<test::Row>{{"deliveries"}, {"feeds"}, {"items"}, {"matches"}});
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
  CHECK(test::query_value(path, "PRAGMA user_version") == "2");
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
  test::StoreFixture fixture;
  std::vector<store::IncomingItem> items;
  for (int i = 0; i < 200; ++i) {
    items.push_back(test::make_item("id-" + std::to_string(i), "Title " + std::to_string(i),
                                    std::string(2000, 'x'),
                                    "https://example.org/" + std::to_string(i)));
  }
  REQUIRE(fixture.store->ingest(fixture.feed_id, std::move(items), k_start, {}).ok());
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
    REQUIRE(fixture.store->ingest(fixture.feed_id, std::move(more), k_start, {}).ok());
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
    auto store = store::open_sqlite_store(path).value();
    REQUIRE(store->sync_feeds({"https://a.example/feed"}, k_start).ok());
  }
  {
    // What version 1 left: no index on leased deliveries.
    RawConnection raw(path);
    REQUIRE(raw.execute("DROP INDEX deliveries_leased; PRAGMA user_version = 1") == SQLITE_OK);
  }
  SECTION("commands that only read ask for the daemon to upgrade it first") {
    const auto reader = store::open_sqlite_store(path, read_only());
    REQUIRE_FALSE(reader.ok());
    CHECK_THAT(reader.error().message,
               Catch::Contains("schema version 1") && Catch::Contains("to upgrade it"));
  }
  SECTION("the daemon upgrades it") {
    auto store = store::open_sqlite_store(path).value();
    CHECK(test::query_value(path, "PRAGMA user_version") == "2");
    CHECK(test::query_value(path,
                            "SELECT count(*) FROM sqlite_master WHERE name = "
                            "'deliveries_leased'") == "1");
    CHECK(store->feeds().value().size() == 1);
  }
}
