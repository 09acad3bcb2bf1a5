#include "tests/support/postgres_cluster.h"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pwd.h>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "tests/support/process.h"

namespace newsmon::test {
namespace {

// $NEWSMON_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin with initdb and pg_ctl.
std::filesystem::path find_bin_dir() {
  if (const char* configured = std::getenv("NEWSMON_PG_BINDIR")) return configured;
  std::filesystem::path best;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    const auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "pg_ctl") &&
        bin > best) {
      best = bin;
    }
  }
  return best;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free TCP port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

void check(const RunResult& result, const std::string& what) {
  if (result.exit_code != 0) {
    throw std::runtime_error(what + " failed (exit " + std::to_string(result.exit_code) +
                             "): " + result.out + result.err);
  }
}

std::string admin_url(int port) {
  return "postgresql://newsmon@127.0.0.1:" + std::to_string(port) + "/postgres";
}

}  // namespace

std::string PostgresCluster::unavailable_reason() {
  return "PostgreSQL's initdb and pg_ctl are not installed (looked in /usr/lib/postgresql/*/bin "
         "and $NEWSMON_PG_BINDIR): run scripts/install-deps to install postgresql";
}

PostgresCluster* PostgresCluster::instance() {
  static PostgresCluster* cluster = nullptr;
  static std::once_flag started;
  std::call_once(started, [] {
    const auto bin_dir = find_bin_dir();
    if (bin_dir.empty()) return;
    cluster = new PostgresCluster(bin_dir);
    cluster->start();
    // Registered after start() initialised OpenSSL (test::run() uses it), so it runs
    // before OpenSSL's own clean-up at exit.
    std::atexit([] { delete cluster; });
  });
  return cluster;
}

PostgresCluster::PostgresCluster(std::filesystem::path bin_dir)
    : m_bin_dir(std::move(bin_dir)), m_data(m_dir / "data"), m_port(free_port()) {}

std::vector<std::string> PostgresCluster::as_server_user(std::vector<std::string> argv) const {
  if (::geteuid() != 0) return argv;
  argv.insert(argv.begin(), {"runuser", "-u", "nobody", "--"});
  return argv;
}

void PostgresCluster::start() {
  if (::geteuid() == 0) {
    const passwd* nobody = ::getpwnam("nobody");
    if (!nobody) throw std::runtime_error("there is no user nobody to run PostgreSQL as");
    if (::chown(m_dir.path().c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      throw std::runtime_error("cannot hand " + m_dir.path().string() + " to nobody");
    }
  }
  check(run(as_server_user({(m_bin_dir / "initdb").string(), "-D", m_data.string(), "-U", "newsmon",
                            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"})),
        "initdb");
  pg_ctl({"start", "-w", "-l", (m_dir / "server.log").string()});
}

void PostgresCluster::pg_ctl(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv{(m_bin_dir / "pg_ctl").string(), "-D", m_data.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const std::string options = "-p " + std::to_string(m_port) + " -k " + m_dir.path().string() +
                              " -c listen_addresses=127.0.0.1 -c fsync=off"
                              " -c synchronous_commit=off -c full_page_writes=off";
  if (arguments.front() != "stop") argv.insert(argv.end(), {"-o", options});
  check(run(as_server_user(argv)), "pg_ctl " + arguments.front());
}

PostgresCluster::~PostgresCluster() {
  try {
    pg_ctl({"stop", "-m", "immediate", "-w"});
  } catch (const std::exception&) {
    // Nothing to tell at exit; the folder goes anyway.
  }
}

std::string PostgresCluster::create_database() {
  const std::string name =
      "test_" + std::to_string(::getpid()) + "_" + std::to_string(++m_databases);
  pg_query(admin_url(m_port), "CREATE DATABASE " + name);
  return "postgresql://newsmon@127.0.0.1:" + std::to_string(m_port) + "/" + name;
}

void PostgresCluster::restart() {
  pg_ctl({"restart", "-m", "fast", "-w"});
}

std::vector<Row> pg_query(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(connection.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), sql.c_str()),
                                                       &PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error("query '" + sql + "' failed: " + PQerrorMessage(connection.get()));
  }
  std::vector<Row> rows;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    Row values;
    for (int column = 0; column < PQnfields(result.get()); ++column) {
      values.emplace_back(
          PQgetisnull(result.get(), row, column) ? "NULL" : PQgetvalue(result.get(), row, column));
    }
    rows.push_back(std::move(values));
  }
  return rows;
}

std::vector<Row> query(const DatabaseRef& database, const std::string& sql) {
  return database.postgres_url.empty() ? query(database.sqlite, sql)
                                       : pg_query(database.postgres_url, sql);
}

std::string query_value(const DatabaseRef& database, const std::string& sql) {
  const auto rows = query(database, sql);
  if (rows.size() != 1 || rows[0].size() != 1) {
    throw std::runtime_error("query '" + sql + "' did not give exactly one value");
  }
  return rows[0][0];
}

}  // namespace newsmon::test
