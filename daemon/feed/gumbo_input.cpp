#include "daemon/feed/gumbo_input.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "daemon/util/ascii.h"

namespace newsmon::feed {
namespace {

// Where a tag name ends, as the HTML tokenizer reads it.
bool is_name_end(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/' || c == '>';
}

}  // namespace

std::optional<std::string> without_controls(std::string_view html) {
  const auto is_control = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != '\0') ||
           byte == 0x7F;
  };
  if (std::none_of(html.begin(), html.end(), is_control)) return std::nullopt;
  std::string out;
  out.reserve(html.size() + 16);
  for (const char c : html) {
    if (c == '\v') {
      out += ' ';
    } else if (is_control(c)) {
      out += "\u200B";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> without_overflowing_references(std::string_view html) {
  std::optional<std::string> out;
  std::size_t copied = 0;
  for (auto at = html.find("&#"); at != std::string_view::npos; at = html.find("&#", at + 2)) {
    std::size_t digits = at + 2;
    const bool hex = digits < html.size() && (html[digits] == 'x' || html[digits] == 'X');
    if (hex) ++digits;
    std::size_t end = digits;
    std::uint32_t value = 0;
    while (end < html.size() && (hex ? std::isxdigit(static_cast<unsigned char>(html[end]))
                                     : std::isdigit(static_cast<unsigned char>(html[end])))) {
      const char c = html[end++];
      const std::uint32_t digit = std::isdigit(static_cast<unsigned char>(c))
                                      ? static_cast<std::uint32_t>(c - '0')
                                      : static_cast<std::uint32_t>((c | 0x20) - 'a' + 10);
      value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
    }
    if (value <= 0x10FFFF) continue;
    if (!out) out.emplace();
    out->append(html.substr(copied, digits - copied));
    out->append(hex ? "110000" : "1114112");
    copied = end;
    at = end - 2;
  }
  if (out) out->append(html.substr(copied));
  return out;
}

std::optional<std::string> without_select_elements(std::string_view html) {
  std::optional<std::string> out;
  std::size_t copied = 0;
  for (auto at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    const std::size_t name = at + (at + 1 < html.size() && html[at + 1] == '/' ? 2 : 1);
    constexpr std::string_view k_select = "select";
    if (html.size() - name < k_select.size()) break;
    bool same = true;
    for (std::size_t i = 0; i < k_select.size() && same; ++i) {
      same = util::to_lower_ascii(html[name + i]) == k_select[i];
    }
    const std::size_t after = name + k_select.size();
    if (!same || (after < html.size() && !is_name_end(html[after]))) continue;
    if (!out) out.emplace();
    out->append(html.substr(copied, name - copied));
    out->append("x-select");
    copied = after;
  }
  if (out) out->append(html.substr(copied));
  return out;
}

}  // namespace newsmon::feed
