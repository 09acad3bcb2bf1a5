#include "tests/support/sqlite_reader.h"

#include <memory>
#include <stdexcept>

#include <sqlite3.h>

namespace newsmon::test {

std::vector<Row> query(const std::filesystem::path& database, const std::string& sql) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(database.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    throw std::runtime_error("cannot open " + database.string() + ": " + message);
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  sqlite3_busy_timeout(db.get(), 5000);
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw_statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot prepare '" + sql + "': " + sqlite3_errmsg(db.get()));
  }
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw_statement,
                                                                       &sqlite3_finalize);
  std::vector<Row> rows;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    Row row;
    for (int column = 0; column < sqlite3_column_count(statement.get()); ++column) {
      const auto* text = sqlite3_column_text(statement.get(), column);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    throw std::runtime_error("query '" + sql + "' failed: " + sqlite3_errmsg(db.get()));
  }
  return rows;
}

std::string query_value(const std::filesystem::path& database, const std::string& sql) {
  const auto rows = query(database, sql);
  if (rows.size() != 1 || rows[0].size() != 1) {
    throw std::runtime_error("query '" + sql + "' did not give exactly one value");
  }
  return rows[0][0];
}

}  // namespace newsmon::test
