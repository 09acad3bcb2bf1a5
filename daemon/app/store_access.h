#pragma once
// Opening the configured store, SQLite file or PostgreSQL database alike, for the daemon
// and the commands.

#include <memory>

#include "daemon/app/config.h"
#include "daemon/store/store.h"

namespace newsmon::app {

/// The store `database:` names, opened with `database_password:` for a PostgreSQL URL.
/// For writing, an SQLite file's folder is created first.
/// `claim` (exclusive: the daemon) applies to an SQLite file only.
util::Result<std::unique_ptr<store::Store>> open_configured_store(
    const Config& config, store::Access access = store::Access::read_write,
    store::DatabaseClaim claim = store::DatabaseClaim::shared);

/// False only for an SQLite file that does not exist yet (nothing was polled); a
/// PostgreSQL database is assumed to exist (opening it says otherwise).
bool database_may_exist(const Config& config);

/// The `database:` setting as logs and messages show it (a URL without its password).
std::string shown_database(const Config& config);

}  // namespace newsmon::app
