#pragma once
// A throw-away PostgreSQL server for the tests of one process: initdb and pg_ctl in a
// temporary folder (its unix socket there too), a free port on 127.0.0.1, fsync off. It
// starts on first use, gives each test a fresh database, and stops when the process exits.
// As root, the server runs as `nobody` (initdb refuses root).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/paths.h"
#include "tests/support/sqlite_reader.h"

namespace newsmon::test {

class PostgresCluster {
 public:
  /// The cluster of this process, started on the first call; nullptr when PostgreSQL's
  /// programs are missing (see unavailable_reason()). Throws when they are there but the
  /// server does not start (a broken setup should fail the tests, not skip them).
  static PostgresCluster* instance();
  /// Why instance() is nullptr, naming what to install.
  static std::string unavailable_reason();

  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  /// Creates an empty database; its postgresql:// URL.
  std::string create_database();
  /// pg_ctl restart: every open connection is cut.
  void restart();
  int port() const { return m_port; }

 private:
  PostgresCluster(std::filesystem::path bin_dir);
  void start();
  void pg_ctl(const std::vector<std::string>& arguments);
  std::vector<std::string> as_server_user(std::vector<std::string> argv) const;

  TempDir m_dir;  // first: removed after the server stopped
  std::filesystem::path m_bin_dir;
  std::filesystem::path m_data;
  int m_port = 0;
  int m_databases = 0;
};

/// Runs one statement on a PostgreSQL database and returns every row as text (NULL reads
/// as "NULL", booleans as "t"/"f"). Throws std::runtime_error when it fails.
std::vector<Row> pg_query(const std::string& url, const std::string& sql);

/// A database a test reads directly: an SQLite file, or a PostgreSQL URL when not empty.
struct DatabaseRef {
  std::filesystem::path sqlite;
  std::string postgres_url;
};
std::vector<Row> query(const DatabaseRef& database, const std::string& sql);
std::string query_value(const DatabaseRef& database, const std::string& sql);

}  // namespace newsmon::test
