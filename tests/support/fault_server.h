#pragma once
// A server that misbehaves the way real feed servers and webhook receivers do, for the
// fault matrices (tests/e2e/*_faults_test.cpp). Each path is scripted: it shows its fault
// to every request until the test heals it, then answers as a healthy server would. Beside
// the HTTP server it runs a TLS listener whose certificate no client trusts.
//
//   FaultServer server;
//   server.script("/reset.xml", faults::reset_mid_body(good_feed), good_feed);
//   ... wait until the daemon recorded the failure ...
//   server.heal();  // from now on every path answers with its healthy reply
//
// Thread-safe, like HttpServer; the faults' own timing (trickles, stalls, delays) runs
// on the server's thread, never in the test.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "tests/support/http_server.h"
#include "tests/support/tls_server.h"

namespace newsmon::test {

class FaultServer {
 public:
  FaultServer();

  HttpServer& http() { return m_http; }
  const HttpServer& http() const { return m_http; }
  /// "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path) const { return m_http.url(path); }
  /// "https://127.0.0.1:TLSPORT" + path: a server whose certificate fails verification.
  std::string untrusted_url(std::string_view path) const { return m_tls.url(path); }
  std::size_t tls_handshakes() const { return m_tls.connection_count(); }

  /// Serves the path with `fault` until heal(), then with `healthy`.
  void script(std::string path, Handler fault, Handler healthy);
  void script(std::string path, Reply fault, Reply healthy);
  /// Every scripted path answers with its healthy reply from now on.
  void heal() { m_healed = true; }
  bool healed() const { return m_healed; }

 private:
  HttpServer m_http;
  TlsServer m_tls;
  std::atomic<bool> m_healed{false};
};

/// Replies that show one fault each. `reply` is what a healthy server would send.
namespace faults {

/// The headers and half the body, then a TCP reset.
Reply reset_mid_body(const Reply& reply);
/// The body gzip-compressed, cut off before its end (the length header matches the cut).
Reply truncated_gzip(const std::string& body, const std::string& content_type);
/// `size` bytes of spaces inside an RSS start tag, gzip-compressed once (to a few KB).
Reply gzip_bomb(std::size_t size, const std::string& content_type);
/// A Content-Length twice the body sent, then the connection closes.
Reply wrong_content_length(const std::string& body, const std::string& content_type);
/// 200 with a web page (a bot wall) where a feed was expected.
Reply html_page();
/// `status` (429, 503) with a Retry-After header as given (seconds or an HTTP date).
Reply throttled(int status, std::string retry_after);
/// "Retry-After" as an HTTP date this far in the future.
std::string http_date_in(std::chrono::seconds from_now);
/// The whole reply one byte at a time, a second apart.
Reply one_byte_a_second(const Reply& reply);
/// Reads the request and says nothing until the server stops.
Reply stall();
/// A TCP reset as soon as the request is read.
Reply reset_before_answer();
/// The reply, after `delay`.
Reply answer_after(const Reply& reply, std::chrono::milliseconds delay);

}  // namespace faults

}  // namespace newsmon::test
