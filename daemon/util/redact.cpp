#include "daemon/util/redact.h"

#include <algorithm>
#include <array>

#include "daemon/util/ascii.h"
#include "daemon/util/text.h"

namespace newsmon::util {
namespace {

constexpr std::string_view k_hidden = "***";

constexpr std::array<std::string_view, 11> k_exact_names{
    "key", "sig", "auth", "authorization", "pass", "passwd", "pwd", "sessid", "sid", "jwt", "otp"};
constexpr std::array<std::string_view, 9> k_name_parts{"token",     "secret",     "passw",
                                                       "apikey",    "api_key",    "api-key",
                                                       "signature", "credential", "session"};
constexpr std::array<std::string_view, 2> k_name_endings{"key", "sig"};

// The name %-decoded and lower-cased, so "API%5FKEY" is seen as "api_key".
std::string decoded_name(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size() && is_ascii_hex_digit(name[i + 1]) &&
        is_ascii_hex_digit(name[i + 2])) {
      out += static_cast<char>(hex_digit_value(name[i + 1]) * 16 + hex_digit_value(name[i + 2]));
      i += 2;
    } else {
      out += name[i];
    }
  }
  return to_lower_ascii(out);
}

// Parameters separated by '&' or ';', each redacted when its name is credential-like.
std::string redact_parameters(std::string_view parameters) {
  std::string out;
  std::size_t start = 0;
  while (start <= parameters.size()) {
    std::size_t end = parameters.find_first_of("&;", start);
    if (end == std::string_view::npos) end = parameters.size();
    const std::string_view parameter = parameters.substr(start, end - start);
    const auto equals = parameter.find('=');
    if (equals != std::string_view::npos && equals + 1 < parameter.size() &&
        is_credential_parameter(parameter.substr(0, equals))) {
      out.append(parameter.substr(0, equals + 1));
      out.append(k_hidden);
    } else {
      out.append(parameter);
    }
    if (end < parameters.size()) out += parameters[end];
    start = end + 1;
  }
  return out;
}

bool is_scheme_char(char c) {
  return is_ascii_alnum(c) || c == '+' || c == '-' || c == '.';
}

// Where the URL that contains "://" at `separator` starts: the first letter of its scheme.
std::size_t scheme_start(std::string_view text, std::size_t separator) {
  std::size_t start = separator;
  while (start > 0 && is_scheme_char(text[start - 1])) --start;
  while (start < separator && !is_ascii_alpha(text[start])) ++start;
  return start;
}

bool is_trailing_punctuation(char c) {
  return c == '.' || c == ',' || c == ':' || c == ';' || c == ')' || c == '!' || c == '?';
}

bool ends_url(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' ||
         c == '>' || c == '`';
}

}  // namespace

bool is_credential_parameter(std::string_view name) {
  const std::string lower = decoded_name(name);
  if (std::find(k_exact_names.begin(), k_exact_names.end(), lower) != k_exact_names.end()) {
    return true;
  }
  const auto contains = [&lower](std::string_view part) {
    return lower.find(part) != std::string::npos;
  };
  const auto ends = [&lower](std::string_view ending) { return lower.ends_with(ending); };
  return std::any_of(k_name_parts.begin(), k_name_parts.end(), contains) ||
         std::any_of(k_name_endings.begin(), k_name_endings.end(), ends);
}

std::string redact_url(std::string_view url) {
  std::string out;
  std::size_t at = 0;
  if (const auto separator = url.find("://"); separator != std::string_view::npos) {
    const std::size_t authority = separator + 3;
    std::size_t authority_end = url.find_first_of("/?#", authority);
    if (authority_end == std::string_view::npos) authority_end = url.size();
    const auto userinfo_end = url.substr(authority, authority_end - authority).rfind('@');
    out.append(url.substr(0, authority));
    if (userinfo_end != std::string_view::npos) {
      out.append(k_hidden);
      at = authority + userinfo_end;  // from the '@' on
    } else {
      at = authority;
    }
  }
  const auto query = url.find_first_of("?#", at);
  if (query == std::string_view::npos) return out.append(url.substr(at));
  out.append(url.substr(at, query + 1 - at));
  const auto fragment = url[query] == '#' ? query : url.find('#', query);
  if (fragment == std::string_view::npos) return out + redact_parameters(url.substr(query + 1));
  if (fragment > query) {
    out += redact_parameters(url.substr(query + 1, fragment - query - 1));
    out += '#';
  }
  return out + redact_parameters(url.substr(fragment + 1));
}

std::string redact_urls_in(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  std::size_t search = 0;
  while (true) {
    const auto separator = text.find("://", search);
    if (separator == std::string_view::npos) break;
    const std::size_t start = std::max(copied, scheme_start(text, separator));
    std::size_t end = separator + 3;
    while (end < text.size() && !ends_url(text[end])) ++end;
    // Punctuation after a URL in a sentence ("feed URL: timeout") is the sentence's.
    while (end > separator + 3 && is_trailing_punctuation(text[end - 1])) --end;
    if (start < separator) {
      out.append(text.substr(copied, start - copied));
      out += redact_url(text.substr(start, end - start));
      copied = end;
    }
    search = end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace newsmon::util
