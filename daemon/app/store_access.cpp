#include "daemon/app/store_access.h"

namespace newsmon::app {

util::Result<std::unique_ptr<store::Store>> open_configured_store(const Config& config,
                                                                  store::Access access,
                                                                  store::DatabaseClaim claim) {
  const auto& database = config.database;
  if (access == store::Access::read_write && !store::is_postgres_url(database.string()) &&
      database != ":memory:" && database.has_parent_path()) {
    std::error_code ignored;  // opening the file says what is wrong
    std::filesystem::create_directories(database.parent_path(), ignored);
  }
  store::StoreOptions options;
  options.sqlite.access = access;
  options.sqlite.claim = claim;
  options.password_source = config.database_password;
  return store::open_store(config.database.string(), options);
}

bool database_may_exist(const Config& config) {
  return store::is_postgres_url(config.database.string()) ||
         std::filesystem::exists(config.database);
}

std::string shown_database(const Config& config) {
  return store::shown_database(config.database.string());
}

}  // namespace newsmon::app
