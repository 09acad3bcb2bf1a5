#pragma once
// Opening the PostgreSQL store; open_store() in store.h calls this for postgresql:// URLs.
// Private to store/.

#include <memory>
#include <string>

#include "daemon/store/store.h"

namespace newsmon::store {

/// Connects to `url` (with `password` when not empty), then migrates the schema
/// (read_write) or checks it is current (read_only). `shown` names the database in
/// messages: the URL without its password.
util::Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                         const std::string& password,
                                                         const std::string& shown, Access access);

/// The password options.password_source names; empty when it names none.
util::Result<std::string> database_password(const StoreOptions& options);

}  // namespace newsmon::store
