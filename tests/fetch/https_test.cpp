// HTTPS and HTTP/2 against a real server: nghttpd (Debian package nghttp2-server) serves a
// feed over TLS with certificates the test makes with `openssl`. Without either program
// the tests are reported as skipped.

#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "daemon/fetch/curl_client.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

namespace asio = boost::asio;
using namespace newsmon::fetch;
using newsmon::test::Process;
using newsmon::test::TempDir;

namespace {

const std::string k_feed =
    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>"
    "<item><title>Allies meet</title><guid>1</guid></item></channel></rss>\n";

[[noreturn]] void skip(const std::string& why) {
  std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
  std::fflush(stderr);
  std::_Exit(77);
}

// Debian installs nghttpd in /usr/sbin, which is not on every user's PATH.
std::optional<std::filesystem::path> find_program(const std::string& name) {
  std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  std::istringstream folders(path + ":/usr/sbin:/usr/local/sbin");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const auto candidate = std::filesystem::path(folder) / name;
    if (!folder.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::filesystem::path program_or_skip(const std::string& name, const std::string& package) {
  auto found = find_program(name);
  if (!found) {
    skip(name + " is not installed (Debian package " + package +
         ", listed in scripts/install-deps); the HTTPS and HTTP/2 tests need it");
  }
  return *found;
}

void openssl(const std::filesystem::path& program, const std::filesystem::path& dir,
             std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), program.string());
  const auto result = newsmon::test::run(arguments, {.env = {}, .working_dir = dir});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

// A CA (ca.pem) and a server certificate for 127.0.0.1 it signed (server.pem, server.key),
// and another CA that signed nothing (other-ca.pem).
void make_certificates(const std::filesystem::path& dir) {
  const auto program = program_or_skip("openssl", "openssl");
  const std::vector<std::string> ec_key = {"-newkey", "ec", "-pkeyopt",
                                           "ec_paramgen_curve:prime256v1", "-nodes"};
  const auto make_ca = [&](const std::string& name) {
    std::vector<std::string> arguments = {"req", "-x509"};
    arguments.insert(arguments.end(), ec_key.begin(), ec_key.end());
    arguments.insert(arguments.end(),
                     {"-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj",
                      "/CN=newsmon test " + name, "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
    openssl(program, dir, arguments);
  };
  make_ca("ca");
  make_ca("other-ca");
  std::vector<std::string> request = {"req", "-new"};
  request.insert(request.end(), ec_key.begin(), ec_key.end());
  request.insert(request.end(),
                 {"-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"});
  openssl(program, dir, request);
  newsmon::test::write_file(dir / "server.ext",
                            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                            "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
  openssl(program, dir,
          {"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
           "2", "-days", "2", "-extfile", "server.ext", "-out", "server.pem"});
}

unsigned short free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

bool accepts_connections(unsigned short port) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  boost::system::error_code error;
  socket.connect({asio::ip::make_address("127.0.0.1"), port}, error);
  return !error;
}

// nghttpd serving tests' files over TLS, HTTP/2 offered by ALPN, on 127.0.0.1.
class TlsFeedServer {
 public:
  TlsFeedServer() {
    const auto nghttpd = program_or_skip("nghttpd", "nghttp2-server");
    make_certificates(m_dir.path());
    newsmon::test::write_file(m_dir / "htdocs/feed.xml", k_feed);
    // The port was free a moment ago; should another process take it first, try again.
    for (int attempt = 0; attempt < 5 && !m_server; ++attempt) {
      m_port = free_port();
      auto server = std::make_unique<Process>(std::vector<std::string>{
          nghttpd.string(), "--address=127.0.0.1", "--htdocs=" + (m_dir / "htdocs").string(),
          std::to_string(m_port), (m_dir / "server.key").string(),
          (m_dir / "server.pem").string()});
      newsmon::test::wait_until([&] { return !server->running() || accepts_connections(m_port); });
      if (server->running()) {
        m_server = std::move(server);
      } else {
        UNSCOPED_INFO("nghttpd exited: " << server->stderr_text() << server->stdout_text());
      }
    }
    REQUIRE(m_server);
  }

  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(m_port) + path;
  }
  std::filesystem::path file(const std::string& name) const { return m_dir / name; }

 private:
  TempDir m_dir;
  unsigned short m_port = 0;
  std::unique_ptr<Process> m_server;
};

Response fetch(const std::string& url, ClientOptions options) {
  asio::io_context io;
  CurlClient client(io, std::move(options));
  std::optional<Response> response;
  Request request;
  request.url = url;
  request.limits.connect_timeout = std::chrono::seconds(10);
  request.limits.total_timeout = std::chrono::seconds(20);
  client.start(std::move(request), [&](Response received) {
    response = std::move(received);
    io.stop();
  });
  io.run_for(std::chrono::seconds(30));
  REQUIRE(response);
  return std::move(*response);
}

}  // namespace

TEST_CASE("A feed is fetched over HTTPS with HTTP/2 when the CA file vouches for the server",
          "[fetch][https]") {
  TlsFeedServer server;
  ClientOptions options;
  options.ca_file = server.file("ca.pem").string();
  const auto response = fetch(server.url("/feed.xml"), options);
  INFO(response.error);
  REQUIRE(response.outcome == Outcome::completed);
  CHECK(response.status == 200);
  CHECK(response.body == k_feed);
  CHECK(response.http_version == HttpVersion::http2);
  CHECK(std::string(http_version_name(response.http_version)) == "2");
  CHECK(response.effective_url == server.url("/feed.xml"));
}

TEST_CASE("HTTPS fails with a certificate error when no trusted CA signed the server's",
          "[fetch][https]") {
  TlsFeedServer server;
  SECTION("without a CA file: the system's CAs do not know the test CA") {
    const auto response = fetch(server.url("/feed.xml"), ClientOptions{});
    INFO(response.error);
    CHECK(response.outcome == Outcome::tls_error);
    CHECK(response.status == 0);
    CHECK(response.body.empty());
    CHECK(response.http_version == HttpVersion::none);
    CHECK(response.error.find("certificate") != std::string::npos);
  }
  SECTION("with the CA file of another CA") {
    ClientOptions options;
    options.ca_file = server.file("other-ca.pem").string();
    const auto response = fetch(server.url("/feed.xml"), options);
    INFO(response.error);
    CHECK(response.outcome == Outcome::tls_error);
    CHECK(response.error.find("certificate") != std::string::npos);
  }
}
