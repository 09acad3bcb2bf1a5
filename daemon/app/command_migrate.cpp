// `newsmon migrate`: brings the configured database to this newsmon's schema and says
// which version it is at; with `--from sqlite:PATH`, first copies an SQLite store into the
// configured (empty) PostgreSQL database.

#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/store_access.h"
#include "daemon/store/store.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "migrate";
constexpr std::string_view k_sqlite_prefix = "sqlite:";

struct MigrateOptions {
  ConfigFile config;
  std::string from;  ///< sqlite:PATH; empty: only migrate
};

store::StoreOptions store_options(const Config& config) {
  store::StoreOptions options;
  options.password_source = config.database_password;
  return options;
}

int copy_from(const Config& config, const std::string& from) {
  if (!from.starts_with(k_sqlite_prefix) || from.size() == k_sqlite_prefix.size()) {
    print_stderr(k_name, "--from takes sqlite:PATH (the SQLite file to copy), not '{}'", from);
    return k_usage_exit_code;
  }
  const std::filesystem::path source = from.substr(k_sqlite_prefix.size());
  auto counts =
      store::copy_sqlite_to_postgres(source, config.database.string(), store_options(config));
  if (!counts) return print_stderr(k_name, counts.error().message), 1;
  std::vector<std::string> parts;
  for (const auto& [table, rows] : *counts) parts.push_back(fmt::format("{} {}", rows, table));
  fmt::print("copied {} into {}: {}\n", source.string(), shown_database(config),
             util::join(parts, ", "));
  return 0;
}

int run_migrate(const MigrateOptions& options) {
  const auto config = load_config_or_report(options.config);
  if (!config) return 1;
  if (!options.from.empty()) {
    if (const int code = copy_from(*config, options.from); code != 0) return code;
  }
  auto version = store::migrate_store(config->database.string(), store_options(*config));
  if (!version) return print_stderr(k_name, version.error().message), 1;
  fmt::print("{} is at schema version {}\n", shown_database(*config), *version);
  return 0;
}

}  // namespace

Command add_migrate_command(CLI::App& cli) {
  auto options = std::make_shared<MigrateOptions>();
  auto* command = cli.add_subcommand(
      k_name, "upgrade the database's schema, or copy an SQLite store into PostgreSQL");
  add_config_option(*command, options->config);
  command->add_option("--from", options->from,
                      "sqlite:PATH: copy this SQLite store into the configured PostgreSQL "
                      "database first (it must be empty)");
  return {command, [options] { return run_migrate(*options); }};
}

}  // namespace newsmon::app
