#include "daemon/util/url.h"

#include <algorithm>
#include <array>
#include <memory>

#include <curl/curl.h>

#include "daemon/util/redact.h"
#include "daemon/util/text.h"

namespace newsmon::util {
namespace {

struct UrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
  char* text = nullptr;
  ~CurlString() { curl_free(text); }
  std::string str() const { return text ? std::string(text) : std::string(); }
};

constexpr unsigned k_url_flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;

Result<UrlHandle> parse(std::string_view url) {
  UrlHandle handle(curl_url());
  const std::string text(url);
  const auto code = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), k_url_flags);
  if (code != CURLUE_OK) {
    return make_error("'{}' is not a valid URL: {}", redact_url(url), curl_url_strerror(code));
  }
  return handle;
}

std::string get_part(CURLU* handle, CURLUPart part) {
  CurlString value;
  if (curl_url_get(handle, part, &value.text, 0) != CURLUE_OK) {
    return {};
  }
  return value.str();
}

constexpr std::array<std::string_view, 14> k_tracking_parameters{
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",  "igshid",
    "yclid",  "_ga",   "ocid",  "cmpid",   "smid",   "partner", "ref_src"};

bool is_tracking_parameter(std::string_view name) {
  const std::string lower = to_lower_ascii(name);
  if (lower.starts_with("utm_") || lower.starts_with("at_") || lower.starts_with("pk_")) {
    return true;
  }
  return std::find(k_tracking_parameters.begin(), k_tracking_parameters.end(), lower) !=
         k_tracking_parameters.end();
}

std::string without_tracking(std::string_view query) {
  std::string kept;
  for (std::string_view parameter : split(query, '&')) {
    const auto name = parameter.substr(0, parameter.find('='));
    if (parameter.empty() || is_tracking_parameter(name)) {
      continue;
    }
    if (!kept.empty()) {
      kept += '&';
    }
    kept += parameter;
  }
  return kept;
}

}  // namespace

namespace {

// The reference alone (no base) or resolved against the base, as curl writes it.
Result<std::string> resolve_with_curl(std::string_view base, std::string_view reference) {
  if (base.empty()) {
    auto absolute = parse(reference);
    if (!absolute) return absolute.error();
    return get_part(absolute->get(), CURLUPART_URL);
  }
  auto handle = parse(base);
  if (!handle) return handle.error();
  const std::string text(trim(reference));
  const auto code = curl_url_set(handle->get(), CURLUPART_URL, text.c_str(), k_url_flags);
  if (code != CURLUE_OK) {
    return make_error("cannot resolve '{}' against '{}': {}", redact_url(reference),
                      redact_url(base), curl_url_strerror(code));
  }
  return get_part(handle->get(), CURLUPART_URL);
}

}  // namespace

Result<std::string> resolve_url(std::string_view base, std::string_view reference) {
  auto resolved = resolve_with_curl(base, reference);
  if (!resolved) return resolved;
  // curl writes "file:x" as "file://x", a URL it then refuses itself.
  if (auto check = parse(*resolved); !check) return check.error();
  return resolved;
}

std::string url_scheme(std::string_view url) {
  auto handle = parse(url);
  return handle ? to_lower_ascii(get_part(handle->get(), CURLUPART_SCHEME)) : std::string();
}

std::string url_host(std::string_view url) {
  auto handle = parse(url);
  return handle ? to_lower_ascii(get_part(handle->get(), CURLUPART_HOST)) : std::string();
}

std::string canonical_link(std::string_view url) {
  auto handle = parse(trim(url));
  if (!handle) {
    return std::string(url);
  }
  CURLU* parts = handle->get();
  const std::string scheme = to_lower_ascii(get_part(parts, CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") {
    return std::string(url);
  }
  std::string host = to_lower_ascii(get_part(parts, CURLUPART_HOST));
  if (host.starts_with("www.")) {
    host.erase(0, 4);
  }
  std::string path = get_part(parts, CURLUPART_PATH);
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  if (path == "/") {
    path.clear();
  }
  std::string port = get_part(parts, CURLUPART_PORT);
  std::string out = "https://" + host;  // http and https copies of a story are one story
  if (!port.empty() && port != "80" && port != "443") {
    out += ":" + port;
  }
  out += path;
  const std::string query = without_tracking(get_part(parts, CURLUPART_QUERY));
  if (!query.empty()) {
    out += "?" + query;
  }
  return out;
}

}  // namespace newsmon::util
