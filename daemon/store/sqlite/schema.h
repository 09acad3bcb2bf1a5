#pragma once
// The store's schema as an ordered list of migrations. Migration N (1-based) takes a
// database from PRAGMA user_version N-1 to N. Released migrations are never edited:
// changes are new migrations appended to the list.

#include "daemon/util/result.h"

namespace newsmon::store::sqlite {

class Database;

/// The user_version this build writes.
int schema_version();

/// Applies the missing migrations, each in its own BEGIN IMMEDIATE transaction together
/// with its user_version bump, so a crash leaves the database at a whole version. An
/// Error when the file was written by a newer newsmon or a step fails.
util::Status migrate(Database& database);

/// For read-only use: an Error unless the database is exactly at schema_version().
util::Status check_version(Database& database);

}  // namespace newsmon::store::sqlite
