#include "daemon/store/sqlite/database.h"

#include <sqlite3.h>

#include <limits>

namespace newsmon::store::sqlite {
namespace {

// SQLite takes lengths as int; texts longer than that are a bug upstream, not input.
int checked_length(std::size_t size) {
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::length_error("text too long for SQLite");
  }
  return static_cast<int>(size);
}

}  // namespace

bool is_busy(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

util::Error make_error(ConnectionInfo& connection, int code, std::string_view doing) {
  const int primary = code & 0xff;
  const std::string& name = connection.name;
  if (is_busy(code)) {
    ++connection.busy_count;
    return util::make_error(
        "the database {} is busy while {}: another process holds its write lock (is a second "
        "newsmon using the same file?); nothing was written, it will be tried again",
        name, doing);
  }
  switch (primary) {
    case SQLITE_FULL:
      return util::make_error(
          "the disk holding {} is full while {}: free some space; nothing was written", name,
          doing);
    case SQLITE_READONLY:
      return util::make_error("cannot write the database {} while {}: check its permissions", name,
                              doing);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return util::make_error(
          "the database {} is damaged or not a newsmon database ({}): restore it from a backup "
          "(see docs/storage.md)",
          name, doing);
    case SQLITE_CANTOPEN:
      return util::make_error(
          "cannot open the database {}: check that its folder exists and is writable", name);
    default: break;
  }
  const char* detail = connection.handle ? sqlite3_errmsg(connection.handle) : sqlite3_errstr(code);
  return util::make_error("{} in the database {} failed: {}", doing, name, detail);
}

void Statement::Finalizer::operator()(sqlite3_stmt* handle) const {
  sqlite3_finalize(handle);
}

void Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_handle.get(), index, value);
}

void Statement::bind(int index, double value) {
  sqlite3_bind_double(m_handle.get(), index, value);
}

void Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(m_handle.get(), index, value.data(), checked_length(value.size()),
                    SQLITE_TRANSIENT);
}

void Statement::bind(int index, std::nullopt_t) {
  sqlite3_bind_null(m_handle.get(), index);
}

util::Result<bool> Statement::step() {
  const int code = sqlite3_step(m_handle.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(m_handle.get());
  std::string doing = "running '";
  doing += std::string_view(sql ? sql : "").substr(0, 60);
  doing += "...'";
  return make_error(*m_connection, code, doing);
}

util::Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(m_handle.get());
  sqlite3_clear_bindings(m_handle.get());
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(m_handle.get(), column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(m_handle.get(), column);
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(m_handle.get(), column);
  const int size = sqlite3_column_bytes(m_handle.get(), column);
  if (bytes == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(m_handle.get(), column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

void Database::Closer::operator()(ConnectionInfo* info) const {
  // Statements are finalised before the connection (they are members declared after it
  // or owned by its user), so sqlite3_close succeeds; close_v2 covers a stray one.
  if (info->handle) sqlite3_close_v2(info->handle);
  delete info;
}

util::Result<Database> Database::open(const std::filesystem::path& path, OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
    case OpenMode::read_write_create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::read_write: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::read_only: flags |= SQLITE_OPEN_READONLY; break;
  }
  Database database;
  database.m_info.reset(new ConnectionInfo);
  database.m_info->name = path.string();
  sqlite3* handle = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  database.m_info->handle = handle;
  if (code != SQLITE_OK) {
    return database.error(code, "opening it");
  }
  sqlite3_extended_result_codes(handle, 1);
  return database;
}

util::Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* handle = nullptr;
  const int code = sqlite3_prepare_v3(get(), sql.data(), checked_length(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &handle, nullptr);
  if (code != SQLITE_OK) {
    return error(code, "preparing a statement");
  }
  return Statement(handle, m_info.get());
}

int Database::changes() const {
  return sqlite3_changes(get());
}

util::Status Database::execute(const char* sql) {
  const int code = sqlite3_exec(get(), sql, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) {
    return error(code, std::string("running '") + sql + "'");
  }
  return {};
}

WriteTransaction::WriteTransaction(Database& database) : m_database(database) {
  m_begun = m_database.execute("BEGIN IMMEDIATE");
  m_open = m_begun.ok();
}

WriteTransaction::~WriteTransaction() {
  if (m_open) {
    (void)m_database.execute("ROLLBACK");
  }
}

util::Status WriteTransaction::commit() {
  auto status = m_database.execute("COMMIT");
  if (!status) return status;  // still open: the destructor rolls it back
  m_open = false;
  return {};
}

}  // namespace newsmon::store::sqlite
