#include "daemon/fetch/http_client.h"

namespace newsmon::fetch {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::completed: return "completed";
    case Outcome::timeout: return "timeout";
    case Outcome::too_large: return "too_large";
    case Outcome::connect_failed: return "connect_failed";
    case Outcome::tls_error: return "tls_error";
    case Outcome::bad_url: return "bad_url";
    case Outcome::too_many_redirects: return "too_many_redirects";
    case Outcome::protocol_error: return "protocol_error";
    case Outcome::cancelled: return "cancelled";
  }
  return "completed";
}

const char* http_version_name(HttpVersion version) {
  switch (version) {
    case HttpVersion::none: return "-";
    case HttpVersion::http1_0: return "1.0";
    case HttpVersion::http1_1: return "1.1";
    case HttpVersion::http2: return "2";
    case HttpVersion::http3: return "3";
  }
  return "-";
}

std::optional<std::string> Response::header(std::string_view name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

}  // namespace newsmon::fetch
