#include "daemon/store/postgres/connection.h"

#include <libpq-fe.h>

#include <cstdlib>

#include <fmt/format.h>

namespace newsmon::store::postgres {
namespace {

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

void Params::add(double value) {
  m_values.emplace_back(fmt::format("{}", value));
}

Rows::Rows(pg_result* result) : m_result(result) {}

void Rows::Clearer::operator()(pg_result* result) const {
  PQclear(result);
}

int Rows::size() const {
  return m_result ? PQntuples(m_result.get()) : 0;
}

std::int64_t Rows::changed() const {
  if (!m_result) return 0;
  const char* count = PQcmdTuples(m_result.get());
  return count && *count ? std::strtoll(count, nullptr, 10) : 0;
}

bool Rows::is_null(int row, int column) const {
  return PQgetisnull(m_result.get(), row, column) != 0;
}

std::string Rows::text(int row, int column) const {
  if (is_null(row, column)) return {};
  return {PQgetvalue(m_result.get(), row, column),
          static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
}

std::int64_t Rows::int64(int row, int column) const {
  if (is_null(row, column)) return 0;
  return std::strtoll(PQgetvalue(m_result.get(), row, column), nullptr, 10);
}

double Rows::real(int row, int column) const {
  if (is_null(row, column)) return 0;
  return std::strtod(PQgetvalue(m_result.get(), row, column), nullptr);
}

std::optional<std::int64_t> Rows::optional_int64(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return int64(row, column);
}

void Connection::Closer::operator()(pg_conn* connection) const {
  PQfinish(connection);
}

util::Result<Connection> Connection::open(const std::string& url, const std::string& password,
                                          std::string shown) {
  Connection connection;
  connection.m_shown = std::move(shown);
  // Later keywords override what the URL (expanded from dbname) says.
  std::vector<const char*> keywords{"dbname", "application_name", "connect_timeout"};
  std::vector<const char*> values{url.c_str(), "newsmon", "10"};
  if (!password.empty()) {
    keywords.push_back("password");
    values.push_back(password.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  connection.m_connection.reset(PQconnectdbParams(keywords.data(), values.data(), 1));
  if (!connection.m_connection) {
    return util::make_error("cannot connect to PostgreSQL at {}: out of memory",
                            connection.m_shown);
  }
  if (PQstatus(connection.m_connection.get()) != CONNECTION_OK) {
    return util::make_error(
        "cannot connect to PostgreSQL at {}: {}; check `database:` (host, port, user, database "
        "name), `database_password:` and that the server is running",
        connection.m_shown, trimmed(PQerrorMessage(connection.m_connection.get())));
  }
  // Quiet NOTICEs (CREATE ... IF NOT EXISTS) instead of libpq printing them on stderr.
  PQsetNoticeProcessor(
      connection.m_connection.get(), [](void*, const char*) {}, nullptr);
  return connection;
}

util::Status Connection::ensure_open() {
  if (PQstatus(m_connection.get()) == CONNECTION_OK) return {};
  if (m_in_transaction) {
    return util::make_error("lost the connection to PostgreSQL at {} in a transaction", m_shown);
  }
  PQreset(m_connection.get());
  if (PQstatus(m_connection.get()) != CONNECTION_OK) {
    return util::make_error(
        "lost the connection to PostgreSQL at {} and cannot reconnect: {}; newsmon tries again "
        "at its next use of the database",
        m_shown, trimmed(PQerrorMessage(m_connection.get())));
  }
  PQsetNoticeProcessor(
      m_connection.get(), [](void*, const char*) {}, nullptr);
  return {};
}

util::Error Connection::failure(pg_result* result, std::string_view sql) {
  const std::string message = trimmed(result ? PQresultErrorMessage(result) : nullptr);
  const std::string detail =
      message.empty() ? trimmed(PQerrorMessage(m_connection.get())) : message;
  if (PQstatus(m_connection.get()) != CONNECTION_OK) {
    return util::make_error(
        "lost the connection to PostgreSQL at {}: {}; nothing of this call was written, and the "
        "next call reconnects",
        m_shown, detail);
  }
  const auto first_line = sql.substr(0, std::min<std::size_t>(sql.find('\n'), 60));
  return util::make_error("PostgreSQL at {}: {} (in `{}...`)", m_shown, detail, first_line);
}

util::Result<Rows> Connection::run(std::string_view sql, const Params& params) {
  if (auto status = ensure_open(); !status) return status.error();
  std::vector<const char*> values;
  values.reserve(params.values().size());
  for (const auto& value : params.values()) values.push_back(value ? value->c_str() : nullptr);
  const std::string text(sql);
  pg_result* result =
      PQexecParams(m_connection.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                   values.data(), nullptr, nullptr, 0);
  return checked(result, sql);
}

util::Result<Rows> Connection::checked(pg_result* result, std::string_view sql) {
  Rows rows(result);  // owns the result from here
  const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return failure(result, sql);
  return rows;
}

util::Status Connection::execute(std::string_view sql) {
  if (auto status = ensure_open(); !status) return status;
  const std::string text(sql);
  auto rows = checked(PQexec(m_connection.get(), text.c_str()), sql);
  if (!rows) return rows.error();
  return {};
}

bool Connection::connected() const {
  return m_connection && PQstatus(m_connection.get()) == CONNECTION_OK;
}

Transaction::Transaction(Connection& connection) : m_connection(connection) {
  m_begun = m_connection.execute("BEGIN");
  m_open = m_begun.ok();
  m_connection.set_in_transaction(m_open);
}

Transaction::~Transaction() {
  if (!m_open) return;
  m_connection.set_in_transaction(false);
  // A transaction whose connection is gone was rolled back by the server already.
  if (m_connection.connected()) (void)m_connection.execute("ROLLBACK");
}

util::Status Transaction::commit() {
  auto status = m_connection.execute("COMMIT");
  m_open = false;
  m_connection.set_in_transaction(false);
  return status;
}

}  // namespace newsmon::store::postgres
