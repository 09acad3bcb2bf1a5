#pragma once
// Move-only owners of PGconn* and PGresult*, statements with parameters ($1, $2, ...)
// and transactions. Private to store/: nothing outside this folder sees libpq.
//
// Every value goes to the server as a parameter in text form; no SQL is built from input.
// A lost connection fails the statement it broke; the next statement reconnects first.
//
// Thread-safety: none. The store serialises every use of a connection.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

struct pg_conn;
struct pg_result;

namespace newsmon::store::postgres {

/// The parameters of one statement, as text (nullopt: NULL).
class Params {
 public:
  void add(std::int64_t value) { m_values.push_back(std::to_string(value)); }
  void add(int value) { add(static_cast<std::int64_t>(value)); }
  void add(std::size_t value) { m_values.push_back(std::to_string(value)); }
  void add(double value);
  void add(bool value) { add(static_cast<std::int64_t>(value ? 1 : 0)); }
  void add(std::string_view value) { m_values.emplace_back(std::string(value)); }
  void add(const std::string& value) { m_values.emplace_back(value); }
  void add(const char* value) { m_values.emplace_back(std::string(value)); }
  void add(std::nullopt_t) { m_values.emplace_back(std::nullopt); }
  template <typename T>
  void add(const std::optional<T>& value) {
    if (value) {
      add(*value);
    } else {
      add(std::nullopt);
    }
  }
  const std::vector<std::optional<std::string>>& values() const { return m_values; }

 private:
  std::vector<std::optional<std::string>> m_values;
};

/// The rows a statement returned (all of them, in memory), or the rows it changed.
class Rows {
 public:
  Rows() = default;
  explicit Rows(pg_result* result);
  Rows(Rows&&) noexcept = default;
  Rows& operator=(Rows&&) noexcept = default;

  int size() const;
  bool empty() const { return size() == 0; }
  /// Rows an INSERT, UPDATE or DELETE changed.
  std::int64_t changed() const;

  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  int integer(int row, int column) const { return static_cast<int>(int64(row, column)); }
  double real(int row, int column) const;
  std::optional<std::int64_t> optional_int64(int row, int column) const;

 private:
  struct Clearer {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Clearer> m_result;
};

/// One row of Rows, for readers that take a row.
struct Row {
  const Rows& rows;
  int index = 0;
  bool is_null(int column) const { return rows.is_null(index, column); }
  std::string text(int column) const { return rows.text(index, column); }
  std::int64_t int64(int column) const { return rows.int64(index, column); }
  int integer(int column) const { return rows.integer(index, column); }
  double real(int column) const { return rows.real(index, column); }
  std::optional<std::int64_t> optional_int64(int column) const {
    return rows.optional_int64(index, column);
  }
};

/// Every row of rows, read by `read`.
template <typename T, typename Read>
std::vector<T> collect(const Rows& rows, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(read(Row{rows, i}));
  return out;
}

/// One connection to a PostgreSQL server.
class Connection {
 public:
  /// Connects to a postgresql:// URL (any libpq connection string), with `password` when
  /// not empty (it overrides one in the URL). `shown` is how messages name the database
  /// (the URL with its password hidden). Errors name it and say what to do.
  static util::Result<Connection> open(const std::string& url, const std::string& password,
                                       std::string shown);
  Connection() = default;
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  const std::string& name() const { return m_shown; }

  /// Runs one statement with parameters. When the connection was lost before, reconnects
  /// first (outside a transaction only: a transaction dies with its connection).
  util::Result<Rows> run(std::string_view sql, const Params& params = {});
  template <typename... Args>
  util::Result<Rows> query(std::string_view sql, const Args&... args) {
    Params params;
    (params.add(args), ...);
    return run(sql, params);
  }
  /// Runs statements without parameters (DDL, BEGIN, COMMIT); several separated by ';'.
  util::Status execute(std::string_view sql);

  /// Whether the connection is usable now, reconnecting if it was lost.
  util::Status ensure_open();
  bool connected() const;

  /// Marks statements as inside a transaction: they never reconnect (see Transaction).
  void set_in_transaction(bool inside) { m_in_transaction = inside; }

 private:
  struct Closer {
    void operator()(pg_conn* connection) const;
  };
  util::Result<Rows> checked(pg_result* result, std::string_view sql);
  util::Error failure(pg_result* result, std::string_view sql);
  std::unique_ptr<pg_conn, Closer> m_connection;
  std::string m_shown;
  bool m_in_transaction = false;
};

/// BEGIN on construction (check begun()), ROLLBACK on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const util::Status& begun() const { return m_begun; }
  util::Status commit();

 private:
  Connection& m_connection;
  util::Status m_begun;
  bool m_open = false;
};

}  // namespace newsmon::store::postgres
