#pragma once
// The PostgreSQL schema and its migrations. Private to store/.
//
// The version lives in the table schema_version (one row). Each migration runs in its
// own transaction under an advisory lock, so daemons starting together migrate once.

#include "daemon/util/result.h"

namespace newsmon::store::postgres {

class Connection;

/// The schema version this newsmon writes.
int schema_version();

/// The database's schema version; 0 for an empty database.
util::Result<int> stored_version(Connection& connection);

/// Applies the migrations the database lacks. An Error when its schema is newer.
util::Status migrate(Connection& connection);

/// An Error unless the database is at this newsmon's schema version (read-only users).
util::Status check_version(Connection& connection);

}  // namespace newsmon::store::postgres
