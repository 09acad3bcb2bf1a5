#pragma once
// A TLS listener on 127.0.0.1 whose certificate no client trusts: self-signed, made in
// memory at start, for a name that is not the address. Clients that verify their peer
// (newsmon always does) fail the handshake; the server counts the attempts. It speaks no
// HTTP: nothing gets that far.
//
// The server runs on its own thread from construction to destruction; its methods are
// thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace newsmon::test {

class TlsServer {
 public:
  /// Makes the certificate, binds 127.0.0.1:0 and starts serving. Throws when it cannot.
  TlsServer();
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  std::uint16_t port() const;
  /// "https://127.0.0.1:PORT" followed by the path.
  std::string url(std::string_view path) const;
  /// Connections accepted so far.
  std::size_t connection_count() const;

  class Impl;  ///< internal

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace newsmon::test
