#pragma once
// ASCII character classes and case, independent of the C locale (std::isalpha and
// std::tolower depend on it and are undefined for negative chars).

namespace newsmon::util {

constexpr bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_ascii_alnum(char c) {
  return is_ascii_alpha(c) || is_ascii_digit(c);
}
constexpr bool is_ascii_hex_digit(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
/// The value of a hex digit (is_ascii_hex_digit(c) must hold).
constexpr int hex_digit_value(char c) {
  if (is_ascii_digit(c)) return c - '0';
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}
/// 'A'-'Z' lower-cased; every other byte, UTF-8 included, unchanged.
constexpr char to_lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace newsmon::util
