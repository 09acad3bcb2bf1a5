#pragma once
// Reads a newsmon database directly, so tests can assert on the rows themselves.

#include <filesystem>
#include <string>
#include <vector>

namespace newsmon::test {

using Row = std::vector<std::string>;  ///< NULL reads as "NULL"

/// Runs one read-only statement on the SQLite file and returns every row as text.
/// Throws std::runtime_error (with SQLite's message) when the statement fails.
std::vector<Row> query(const std::filesystem::path& database, const std::string& sql);

/// The single value of a one-row, one-column query, such as "SELECT count(*) FROM items".
std::string query_value(const std::filesystem::path& database, const std::string& sql);

}  // namespace newsmon::test
