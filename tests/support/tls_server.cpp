#include "tests/support/tls_server.h"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <thread>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

namespace newsmon::test {
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter {
  void operator()(X509* certificate) const { X509_free(certificate); }
};

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("TlsServer: ") + what);
}

// A self-signed certificate for "untrusted.invalid", valid for a day.
void use_self_signed(ssl::context& context) {
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(EVP_EC_gen("P-256"));
  if (!key) fail("cannot make a key");
  std::unique_ptr<X509, CertificateDeleter> certificate(X509_new());
  if (!certificate) fail("cannot make a certificate");
  X509_set_version(certificate.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("untrusted.invalid"), -1, -1,
                             0);
  X509_set_issuer_name(certificate.get(), name);
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) fail("cannot sign");
  if (SSL_CTX_use_certificate(context.native_handle(), certificate.get()) != 1 ||
      SSL_CTX_use_PrivateKey(context.native_handle(), key.get()) != 1) {
    fail("cannot use the certificate");
  }
}

class Handshake : public std::enable_shared_from_this<Handshake> {
 public:
  Handshake(tcp::socket socket, ssl::context& context) : m_stream(std::move(socket), context) {}

  // The client refuses the certificate and hangs up; whatever happens, the stream closes
  // when the last handler lets go of it.
  void start() {
    m_stream.async_handshake(ssl::stream_base::server, [self = shared_from_this()](error_code) {});
  }

 private:
  ssl::stream<tcp::socket> m_stream;
};

}  // namespace

class TlsServer::Impl {
 public:
  Impl() : m_context(ssl::context::tls_server), m_acceptor(m_io) {
    use_self_signed(m_context);
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    m_acceptor.open(endpoint.protocol());
    m_acceptor.set_option(asio::socket_base::reuse_address(true));
    m_acceptor.bind(endpoint);
    m_acceptor.listen();
    m_port = m_acceptor.local_endpoint().port();
    accept();
    m_thread = std::thread([this] { m_io.run(); });
  }

  ~Impl() {
    m_io.stop();
    if (m_thread.joinable()) m_thread.join();
  }

  void accept() {
    m_acceptor.async_accept([this](error_code error, tcp::socket socket) {
      if (error) return;
      ++m_connections;
      std::make_shared<Handshake>(std::move(socket), m_context)->start();
      accept();
    });
  }

  asio::io_context m_io;
  ssl::context m_context;
  tcp::acceptor m_acceptor;
  std::thread m_thread;
  std::uint16_t m_port = 0;
  std::atomic<std::size_t> m_connections{0};
};

TlsServer::TlsServer() : m_impl(std::make_unique<Impl>()) {}
TlsServer::~TlsServer() = default;

std::uint16_t TlsServer::port() const {
  return m_impl->m_port;
}

std::string TlsServer::url(std::string_view path) const {
  return "https://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

std::size_t TlsServer::connection_count() const {
  return m_impl->m_connections;
}

}  // namespace newsmon::test
