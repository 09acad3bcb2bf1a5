#pragma once
// Helpers for tests that run several daemons on one throw-away PostgreSQL database: each
// daemon is `newsmon run` with its own configuration file in a temporary folder.

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/paths.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/process.h"

namespace newsmon::test {

/// A fresh database on the shared cluster, its postgresql:// URL; empty (and the reason
/// given as a warning) when PostgreSQL is not installed: the caller returns then.
inline std::string database_or_skip() {
  auto* cluster = PostgresCluster::instance();
  if (!cluster) {
    WARN("skipped: " << PostgresCluster::unavailable_reason());
    return {};
  }
  return cluster->create_database();
}

/// Starts `newsmon run` on the configuration `NAME.yaml` in dir.
inline std::unique_ptr<Process> start_daemon(const TempDir& dir, const std::string& name) {
  return std::make_unique<Process>(std::vector<std::string>{
      newsmon_executable().string(), "run", "--config", (dir / (name + ".yaml")).string()});
}

/// Every daemon's log, for INFO when a check fails.
inline std::string logs_of(const std::vector<std::unique_ptr<Process>>& daemons) {
  std::string logs;
  for (const auto& daemon : daemons) logs += daemon->stderr_text();
  return logs;
}

/// Stops every daemon with SIGTERM; each must exit with 0.
inline void stop_daemons(std::vector<std::unique_ptr<Process>>& daemons) {
  for (auto& daemon : daemons) daemon->signal(SIGTERM);
  for (auto& daemon : daemons) CHECK(daemon->wait() == 0);
}

/// One value of a query on the database, "?" when it returns nothing or fails (say, its
/// table is not there yet while a daemon starts).
inline std::string pg_value(const std::string& url, const std::string& sql) {
  try {
    const auto rows = pg_query(url, sql);
    return rows.empty() || rows[0].empty() ? std::string("?") : rows[0][0];
  } catch (const std::exception&) {
    return "?";
  }
}

}  // namespace newsmon::test
