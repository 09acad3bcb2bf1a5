#include "daemon/fetch/transfer.h"

#include <charconv>

#include <fmt/format.h>

#include "daemon/util/redact.h"
#include "daemon/util/text.h"
#include "daemon/util/url.h"

namespace newsmon::fetch::detail {
namespace {

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

long parse_status_line(std::string_view line) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  long status = 0;
  const auto digits = line.substr(space + 1);
  std::from_chars(digits.data(), digits.data() + digits.size(), status);
  return status;
}

HttpVersion version_of(long curl_version) {
  switch (curl_version) {
    case CURL_HTTP_VERSION_1_0: return HttpVersion::http1_0;
    case CURL_HTTP_VERSION_1_1: return HttpVersion::http1_1;
    case CURL_HTTP_VERSION_2_0: return HttpVersion::http2;
    case CURL_HTTP_VERSION_3: return HttpVersion::http3;
    default: return HttpVersion::none;
  }
}

}  // namespace

Outcome outcome_for(CURLcode code) {
  switch (code) {
    case CURLE_OK: return Outcome::completed;
    case CURLE_OPERATION_TIMEDOUT: return Outcome::timeout;
    case CURLE_FILESIZE_EXCEEDED: return Outcome::too_large;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_FILE_COULDNT_READ_FILE: return Outcome::connect_failed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return Outcome::tls_error;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return Outcome::bad_url;
    case CURLE_TOO_MANY_REDIRECTS: return Outcome::too_many_redirects;
    case CURLE_ABORTED_BY_CALLBACK: return Outcome::cancelled;
    default: return Outcome::protocol_error;
  }
}

Transfer::Transfer(TransferId id, Request request, HttpClient::Callback callback)
    : m_id(id),
      m_request(std::move(request)),
      m_callback(std::move(callback)),
      m_started(std::chrono::steady_clock::now()),
      m_hop_url(m_request.url) {}

Transfer& Transfer::of(CURL* easy) {
  char* self = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &self);
  return *static_cast<Transfer*>(static_cast<void*>(self));
}

std::string Transfer::configure(const ClientOptions& options) {
  if (auto problem = check_request(); !problem.empty()) return problem;
  m_easy.reset(curl_easy_init());
  if (!m_easy) return "libcurl could not create a transfer (out of memory)";
  set_options(options);
  if (!set_headers()) return "libcurl could not build the request headers (out of memory)";
  return {};
}

std::string Transfer::check_request() const {
  const auto scheme = util::url_scheme(m_request.url);
  const bool file_allowed = m_request.file_urls == FileUrls::allow;
  if (scheme.empty()) {
    return fmt::format("'{}' is not an absolute URL", util::redact_url(m_request.url));
  }
  if (scheme != "http" && scheme != "https" && !(scheme == "file" && file_allowed)) {
    return fmt::format("the scheme '{}' is not allowed: use an http or https URL", scheme);
  }
  for (const auto& [name, value] : m_request.headers) {
    if (has_line_break(name) || has_line_break(value)) {
      return fmt::format("the request header '{}' contains a line break", name);
    }
  }
  if (has_line_break(m_request.if_none_match) || has_line_break(m_request.if_modified_since)) {
    return "a stored validator (ETag or Last-Modified) contains a line break";
  }
  return {};
}

void Transfer::set_options(const ClientOptions& options) {
  CURL* easy = m_easy.get();
  const bool file_allowed = m_request.file_urls == FileUrls::allow;
  curl_easy_setopt(easy, CURLOPT_URL, m_request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, file_allowed ? "http,https,file" : "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, m_error_buffer.data());
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // Peers are always verified (curl's default, never turned off); a configured bundle
  // replaces curl's default bundle file (its CA folder, if built with one, still counts).
  if (!options.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str());
  // No CURLOPT_PIPEWAIT: waiting to learn whether a connection multiplexes would hold
  // every request to a host behind one that never answers.
  set_limits();
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
  if (m_request.method == Method::post) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, m_request.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(m_request.body.size()));
  }
}

void Transfer::set_limits() {
  CURL* easy = m_easy.get();
  const Limits& limits = m_request.limits;
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(limits.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.total_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT,
                   static_cast<long>(limits.low_speed_bytes_per_second));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(limits.low_speed_time.count()));
  // Only stops early when Content-Length is announced; on_body enforces the decoded size.
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_body));
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, limits.max_redirects > 0 ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(limits.max_redirects));
}

bool Transfer::set_headers() {
  bool appended = true;
  for (const auto& [name, value] : m_request.headers) {
    appended = appended && m_header_list.append((name + ": " + value).c_str());
  }
  if (!m_request.if_none_match.empty()) {
    appended =
        appended && m_header_list.append(("If-None-Match: " + m_request.if_none_match).c_str());
  }
  if (!m_request.if_modified_since.empty()) {
    appended = appended &&
               m_header_list.append(("If-Modified-Since: " + m_request.if_modified_since).c_str());
  }
  if (m_request.method == Method::post) {
    // Without this curl waits for "100 Continue" before sending larger bodies.
    appended = appended && m_header_list.append("Expect:");
  }
  if (appended) curl_easy_setopt(m_easy.get(), CURLOPT_HTTPHEADER, m_header_list.get());
  return appended;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  static_cast<Transfer*>(self)->header_line(std::string_view(data, size * count));
  return size * count;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<Transfer*>(self);
  const std::size_t bytes = size * count;
  if (transfer.m_response.body.size() + bytes > transfer.m_request.limits.max_body) {
    transfer.m_body_too_large = true;
    return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
  }
  transfer.m_response.body.append(data, bytes);
  return bytes;
}

void Transfer::header_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.empty()) return;
  if (line.starts_with("HTTP/")) return start_response(parse_status_line(line));
  auto& headers = m_response.headers;
  if ((line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
    headers.back().second += ' ';
    headers.back().second += util::trim(line);
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  auto name = util::to_lower_ascii(util::trim(line.substr(0, colon)));
  const auto value = util::trim(line.substr(colon + 1));
  if (name == "location") m_hop_location = std::string(value);
  headers.emplace_back(std::move(name), std::string(value));
}

// Each response in a redirect chain starts with a status line; the one before it, if it
// was a redirect, is a hop that curl followed.
void Transfer::start_response(long status) {
  if (is_redirect(m_hop_status) && !m_hop_location.empty()) {
    auto target = util::resolve_url(m_hop_url, m_hop_location);
    m_hop_url = target ? std::move(target).value() : m_hop_location;
    m_response.redirects.push_back(Redirect{m_hop_status, m_hop_url});
  }
  m_hop_status = status;
  m_hop_location.clear();
  m_response.headers.clear();
  m_response.body.clear();
}

Response Transfer::finish(CURLcode code) {
  Outcome outcome = m_body_too_large ? Outcome::too_large : outcome_for(code);
  CURL* easy = m_easy.get();
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  char* effective_url = nullptr;
  curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective_url);
  curl_off_t body_bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
  long header_bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
  long http_version = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &http_version);

  m_response.outcome = outcome;
  m_response.status = status;
  if (status == 0 && outcome == Outcome::completed && util::url_scheme(m_request.url) == "file") {
    m_response.status = 200;  // a file read in full stands for a successful response
  }
  m_response.effective_url = effective_url != nullptr ? effective_url : m_request.url;
  if (status != 0) m_response.http_version = version_of(http_version);
  m_response.wire_bytes =
      static_cast<std::uint64_t>(body_bytes) + static_cast<std::uint64_t>(header_bytes);
  m_response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - m_started);
  if (outcome != Outcome::completed) {
    // Error texts end up in logs and `feeds list`: no credentials of a URL in them.
    m_response.error = util::redact_urls_in(describe_error(code, outcome));
    m_response.body.clear();
  }
  return std::move(m_response);
}

Response Transfer::fail(Outcome outcome, std::string error) {
  m_response.outcome = outcome;
  m_response.error = std::move(error);
  m_response.body.clear();
  m_response.effective_url = m_request.url;
  m_response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - m_started);
  return std::move(m_response);
}

std::string Transfer::describe_error(CURLcode code, Outcome outcome) const {
  const std::string detail =
      m_error_buffer[0] != '\0' ? std::string(m_error_buffer.data()) : curl_easy_strerror(code);
  switch (outcome) {
    case Outcome::too_large:
      return fmt::format("the response body is larger than the limit of {} bytes",
                         m_request.limits.max_body);
    case Outcome::bad_url:
      if (!m_response.redirects.empty() || !m_hop_location.empty()) {
        const auto target = util::resolve_url(m_hop_url, m_hop_location);
        return fmt::format("redirected to '{}', which is not an http or https URL",
                           target ? target.value() : m_hop_location);
      }
      return detail;
    case Outcome::tls_error:
      if (code == CURLE_PEER_FAILED_VERIFICATION) {
        return fmt::format("the server's certificate could not be verified: {}", detail);
      }
      return detail;
    case Outcome::too_many_redirects:
      return fmt::format("more than {} redirects (a redirect loop?): {}",
                         m_request.limits.max_redirects, detail);
    default: return detail;
  }
}

}  // namespace newsmon::fetch::detail
