#pragma once
// The HttpClient over libcurl's multi interface, driven by one Boost.Asio io_context:
// many transfers in flight, none blocking the loop, one connection pool for all callers.

#include <memory>
#include <string>

#include "daemon/fetch/http_client.h"

namespace boost::asio {
class io_context;
}

namespace newsmon::fetch {

/// The connection pool and what every request of the client shares.
struct ClientOptions {
  std::string user_agent = "newsmon";  ///< Default: "newsmon"
  long max_connections = 64;           ///< across all hosts. Default: 64
  long per_host = 2;                   ///< connections to one host. Default: 2
  /// A PEM bundle of CA certificates (CURLOPT_CAINFO) that replaces libcurl's default
  /// bundle file; a CA folder libcurl was built with (Debian: /etc/ssl/certs) still counts.
  /// Default: empty, libcurl's defaults. Peers are always verified.
  std::string ca_file;
};

/// Runs transfers on the io_context's thread: curl's sockets and timer are waited for by
/// that io_context, so nothing blocks it. See HttpClient for the contract.
class CurlClient final : public HttpClient {
 public:
  /// Throws std::runtime_error when libcurl cannot be initialised (a start-up fault).
  CurlClient(boost::asio::io_context& io, ClientOptions options);
  /// Drops every transfer still in flight without calling its callback.
  ~CurlClient() override;
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  TransferId start(Request request, Callback callback) override;
  void cancel(TransferId transfer) override;
  void cancel_all() override;
  std::size_t in_flight() const override;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace newsmon::fetch
