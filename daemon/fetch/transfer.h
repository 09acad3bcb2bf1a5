#pragma once
// One HTTP transfer: its curl easy handle configured from a Request, the callbacks that
// collect headers and body within the limits, and the Response made when it ends.
// Internal to fetch/; CurlClient owns transfers and drives them.

#include <array>
#include <chrono>
#include <string>

#include <curl/curl.h>

#include "daemon/fetch/curl_client.h"
#include "daemon/fetch/curl_handles.h"

namespace newsmon::fetch::detail {

class Transfer {
 public:
  Transfer(TransferId id, Request request, HttpClient::Callback callback);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// Creates and configures the easy handle. An empty string on success, otherwise why
  /// the request cannot be made (bad URL, scheme not allowed, out of memory).
  std::string configure(const ClientOptions& options);

  TransferId id() const { return m_id; }
  CURL* easy() const { return m_easy.get(); }
  /// The transfer an easy handle made by configure() belongs to.
  static Transfer& of(CURL* easy);

  /// Builds the response from how curl ended the transfer.
  Response finish(CURLcode code);
  /// The response of a transfer that never ran or was stopped.
  Response fail(Outcome outcome, std::string error);

  HttpClient::Callback take_callback() { return std::move(m_callback); }

 private:
  std::string check_request() const;
  void set_options(const ClientOptions& options);
  void set_limits();
  /// False when curl could not copy a header line (out of memory).
  bool set_headers();
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  void header_line(std::string_view line);
  void start_response(long status);
  std::string describe_error(CURLcode code, Outcome outcome) const;

  TransferId m_id;
  Request m_request;
  HttpClient::Callback m_callback;
  EasyHandle m_easy;
  HeaderList m_header_list;
  std::array<char, CURL_ERROR_SIZE> m_error_buffer{};
  std::chrono::steady_clock::time_point m_started;

  Response m_response;
  std::string m_hop_url;       ///< the URL the response being read came from
  long m_hop_status = 0;       ///< its status
  std::string m_hop_location;  ///< its Location header
  bool m_body_too_large = false;
};

/// How a curl error maps onto the outcomes callers act on.
Outcome outcome_for(CURLcode code);

}  // namespace newsmon::fetch::detail
