// Chooses the backend a `database:` setting names. The only place outside sqlite/ and
// postgres/ that knows both exist.

#include "daemon/store/postgres/open.h"
#include "daemon/store/postgres/schema.h"
#include "daemon/store/sqlite/schema.h"
#include "daemon/store/store.h"
#include "daemon/util/redact.h"
#include "daemon/util/secret_source.h"

namespace newsmon::store {
util::Result<std::string> database_password(const StoreOptions& options) {
  if (options.password_source.empty()) return std::string();
  auto secret = util::read_secret_source(options.password_source, "the database password");
  if (!secret) {
    // Not quoted: it may be the password itself, written where its source belongs.
    return util::make_error(
        "database_password is not a secret source: write env:NAME, file:PATH or "
        "credential:NAME (a password is never written in the configuration itself)");
  }
  return std::move(*secret);
}

bool is_postgres_url(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::string shown_database(std::string_view database) {
  return is_postgres_url(database) ? util::redact_url(database) : std::string(database);
}

util::Result<std::unique_ptr<Store>> open_store(const std::string& database,
                                                const StoreOptions& options) {
  if (!is_postgres_url(database)) return open_sqlite_store(database, options.sqlite);
  auto password = database_password(options);
  if (!password) return password.error();
  return open_postgres_store(database, *password, shown_database(database), options.sqlite.access);
}

util::Result<int> migrate_store(const std::string& database, const StoreOptions& options) {
  auto opened = open_store(database, options);
  if (!opened) return opened.error();
  return is_postgres_url(database) ? postgres::schema_version() : sqlite::schema_version();
}

}  // namespace newsmon::store
