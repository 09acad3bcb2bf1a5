#pragma once
// Move-only owners of sqlite3* and sqlite3_stmt*, and the few helpers the store needs on
// top of them. Private to store/: nothing outside this folder sees SQLite.
//
// Thread-safety: none. The store serialises every use of a connection and its statements.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/util/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace newsmon::store::sqlite {

/// True for the result codes that mean "another connection holds the lock".
bool is_busy(int code);

/// What statements need of their connection; heap-allocated so it stays put when the
/// Database moves.
struct ConnectionInfo {
  sqlite3* handle = nullptr;
  std::string name;  ///< the database file, for messages
  std::atomic<std::uint64_t> busy_count{0};
};

/// The Error for a failed call, in words that say what to do about it. Counts busy codes.
util::Error make_error(ConnectionInfo& connection, int code, std::string_view doing);

/// A prepared statement. Binding indexes are 1-based, column indexes 0-based (as in
/// SQLite). A statement keeps its read snapshot until reset(): hold it through a Query.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3_stmt* handle, ConnectionInfo* connection)
      : m_handle(handle), m_connection(connection) {}
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value);
  void bind(int index, std::string_view value);
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, std::nullopt_t);
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind(index, std::nullopt);
    }
  }

  /// Binds the arguments to parameters 1, 2, 3, ...
  template <typename... Args>
  void bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
  }

  /// Advances: true when a row is available, false when done. Errors (busy database,
  /// constraint, full disk) come back as values and are counted by the database.
  util::Result<bool> step();
  /// Steps to completion, ignoring rows.
  util::Status run();
  void reset();

  std::int64_t int64(int column) const;
  int integer(int column) const { return static_cast<int>(int64(column)); }
  double real(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* handle) const;
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> m_handle;
  ConnectionInfo* m_connection = nullptr;
};

/// Resets its statement when it goes out of scope so no read snapshot outlives its use.
class Query {
 public:
  explicit Query(Statement& statement) : m_statement(statement) {}
  ~Query() { m_statement.reset(); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Statement* operator->() { return &m_statement; }
  Statement& operator*() { return m_statement; }

 private:
  Statement& m_statement;
};

enum class OpenMode { read_write_create, read_write, read_only };

/// One connection. Counts the times a statement found the database busy.
class Database {
 public:
  static util::Result<Database> open(const std::filesystem::path& path, OpenMode mode);
  Database() = default;
  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  sqlite3* get() const { return m_info->handle; }
  const std::string& name() const { return m_info->name; }

  /// Compiles one statement; an Error (naming the database) for invalid SQL.
  util::Result<Statement> prepare(std::string_view sql);
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const;
  /// Runs one or more statements without parameters (pragmas, DDL, BEGIN/COMMIT).
  util::Status execute(const char* sql);

  util::Error error(int code, std::string_view doing) { return make_error(*m_info, code, doing); }
  /// Safe to read from any thread.
  std::uint64_t busy_count() const { return m_info->busy_count.load(); }

 private:
  struct Closer {
    void operator()(ConnectionInfo* info) const;
  };
  std::unique_ptr<ConnectionInfo, Closer> m_info;
};

/// BEGIN IMMEDIATE on construction (check ok()), ROLLBACK on destruction unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& database);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  const util::Status& begun() const { return m_begun; }
  util::Status commit();

 private:
  Database& m_database;
  util::Status m_begun;
  bool m_open = false;
};

}  // namespace newsmon::store::sqlite
