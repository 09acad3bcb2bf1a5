#include "daemon/web/html.h"

#include <fmt/format.h>

#include "daemon/util/text.h"

namespace newsmon::web {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

bool starts_with_ascii_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && util::iequals_ascii(text.substr(0, prefix.size()), prefix);
}

// The end of a URL that starts at `begin`: the first white space, quote or angle bracket.
std::size_t url_end(std::string_view text, std::size_t begin) {
  std::size_t end = begin;
  while (end < text.size() &&
         std::string_view(" \t\r\n\"'<>").find(text[end]) == std::string_view::npos)
    ++end;
  return end;
}

// The URL without the `user:password@` of its authority.
std::string without_userinfo(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const auto authority = scheme_end + 3;
  const auto authority_end = std::min(url.find_first_of("/?#", authority), url.size());
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority) return std::string(url);
  return std::string(url.substr(0, authority)) + std::string(url.substr(at + 1));
}

}  // namespace

std::string safe_link(std::string_view url) {
  const auto trimmed = util::trim(url);
  if (!starts_with_ascii_case(trimmed, "http://") && !starts_with_ascii_case(trimmed, "https://")) {
    return {};
  }
  return without_userinfo(trimmed);
}

std::string strip_url_credentials(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto rest = text.substr(at);
    if (!starts_with_ascii_case(rest, "http://") && !starts_with_ascii_case(rest, "https://")) {
      continue;
    }
    const auto end = url_end(text, at);
    out += text.substr(done, at - done);
    out += without_userinfo(text.substr(at, end - at));
    done = end;
    at = end - 1;
  }
  out += text.substr(done);
  return out;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
        (byte >= '0' && byte <= '9') ||
        std::string_view("-_.~").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

Html& Html::text(std::string_view text) {
  m_out += escape_html(text);
  return *this;
}

Html& Html::number(long long value) {
  m_out += std::to_string(value);
  return *this;
}

}  // namespace newsmon::web
