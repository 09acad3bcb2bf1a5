// newsmon migrate --from sqlite:PATH: every row of an SQLite store into an empty
// PostgreSQL database. The two schemas have the same tables and columns; the names below
// are constants of this file, the values go as parameters.

#include <array>
#include <string_view>

#include "daemon/store/postgres/connection.h"
#include "daemon/store/postgres/open.h"
#include "daemon/store/postgres/schema.h"
#include "daemon/store/sqlite/database.h"
#include "daemon/store/sqlite/schema.h"
#include "daemon/store/store.h"
#include "daemon/util/redact.h"

namespace newsmon::store {
namespace {

struct Table {
  const char* name;
  std::vector<std::string_view> columns;
};

// In the order their references need.
const std::array<Table, 6> k_tables{{
    {"feeds",
     {"id",
      "configured_url",
      "url",
      "title",
      "site_link",
      "active",
      "etag",
      "last_modified",
      "last_poll_at",
      "last_result",
      "last_http_status",
      "last_error",
      "last_new_items",
      "consecutive_failures",
      "last_success_at",
      "next_poll_at",
      "interval_seconds",
      "publish_gap_seconds",
      "last_new_item_at",
      "redirect_candidate",
      "redirect_streak"}},
    {"items",
     {"id", "feed_id", "entry_id", "link", "canonical_link", "host", "title", "summary", "content",
      "content_hash", "simhash", "published_at", "published_status", "published_raw",
      "first_seen"}},
    {"silences",
     {"id", "rule_glob", "topic", "feed_glob", "endpoint", "query", "comment", "created_by",
      "created_at", "starts_at", "ends_at", "expired_at"}},
    {"alerts", {"id", "item_id", "story_key", "open_link", "raised_at", "snippet"}},
    {"matches",
     {"id", "item_id", "alert_id", "rule_id", "rule_title", "severity", "topics", "hits", "events",
      "created_at"}},
    {"deliveries", {"id",          "alert_id",        "endpoint",    "sequence",
                    "webhook_id",  "rules",           "topics",      "severity",
                    "state",       "hold_reason",     "silence_id",  "digest_window",
                    "attempts",    "next_attempt_at", "lease_until", "last_attempt_at",
                    "last_status", "last_error",      "created_at",  "finished_at"}},
}};

std::string joined(const std::vector<std::string_view>& columns, bool numbered) {
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text += ", ";
    if (numbered) {
      text += '$';
      text += std::to_string(i + 1);
    } else {
      text += columns[i];
    }
  }
  return text;
}

util::Result<std::int64_t> copy_table(sqlite::Database& from, postgres::Connection& to,
                                      const Table& table) {
  const auto list = joined(table.columns, false);
  auto select = from.prepare("SELECT " + list + " FROM " + table.name + " ORDER BY id");
  if (!select) return select.error();
  const std::string insert = std::string("INSERT INTO ") + table.name + " (" + list +
                             ") OVERRIDING SYSTEM VALUE VALUES (" + joined(table.columns, true) +
                             ")";
  sqlite::Query query(*select);
  std::int64_t copied = 0;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) break;
    postgres::Params params;
    for (int column = 0; column < static_cast<int>(table.columns.size()); ++column) {
      if (query->is_null(column)) {
        params.add(std::nullopt);
      } else {
        params.add(query->text(column));
      }
    }
    if (auto inserted = to.run(insert, params); !inserted) return inserted.error();
    ++copied;
  }
  // New rows continue after the copied ids.
  const std::string next = std::string("SELECT setval(pg_get_serial_sequence('") + table.name +
                           "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM " + table.name +
                           "), false)";
  if (auto set = to.run(next); !set) return set.error();
  return copied;
}

util::Status refuse_non_empty(postgres::Connection& to) {
  auto rows = to.run(
      "SELECT (SELECT count(*) FROM feeds) + (SELECT count(*) FROM items) + "
      "(SELECT count(*) FROM silences)");
  if (!rows) return rows.error();
  if (rows->int64(0, 0) == 0) return {};
  return util::make_error(
      "the database {} already holds feeds, items or silences: copy into an empty database "
      "(createdb a new one, or drop this one's tables if it is a failed earlier copy)",
      to.name());
}

util::Result<sqlite::Database> open_source(const std::filesystem::path& from) {
  if (!std::filesystem::exists(from)) {
    return util::make_error("there is no SQLite database at {}: check the path after sqlite:",
                            from.string());
  }
  auto database = sqlite::Database::open(from, sqlite::OpenMode::read_only);
  if (!database) return database.error();
  if (auto status = sqlite::check_version(*database); !status) return status.error();
  return database;
}

util::Result<postgres::Connection> open_target(const std::string& to, const StoreOptions& options) {
  auto password = database_password(options);
  if (!password) return password.error();
  auto connection = postgres::Connection::open(to, *password, util::redact_url(to));
  if (!connection) return connection.error();
  if (auto status = postgres::migrate(*connection); !status) return status.error();
  return connection;
}

}  // namespace

util::Result<CopyCounts> copy_sqlite_to_postgres(const std::filesystem::path& from,
                                                 const std::string& to,
                                                 const StoreOptions& options) {
  if (!is_postgres_url(to)) {
    return util::make_error(
        "`database:` is {}, not a PostgreSQL database: migrate --from copies into a "
        "postgresql:// database; set `database:` to its URL",
        to);
  }
  auto source = open_source(from);
  if (!source) return source.error();
  auto target = open_target(to, options);
  if (!target) return target.error();
  postgres::Transaction transaction(*target);
  if (!transaction.begun()) return transaction.begun().error();
  if (auto status = refuse_non_empty(*target); !status) return status.error();
  CopyCounts counts;
  for (const auto& table : k_tables) {
    auto copied = copy_table(*source, *target, table);
    if (!copied) {
      return util::make_error("copying the table {}: {}", table.name, copied.error().message);
    }
    counts.emplace_back(table.name, *copied);
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return counts;
}

}  // namespace newsmon::store
