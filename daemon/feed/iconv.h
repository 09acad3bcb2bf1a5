#pragma once
// glibc iconv behind a move-only handle: conversion of any charset iconv knows to UTF-8.

#include <iconv.h>

#include <optional>
#include <string>
#include <string_view>

namespace newsmon::feed {

enum class InvalidBytes { fail, replace };

/// One conversion descriptor from a charset to UTF-8. Not thread-safe (iconv keeps shift
/// state); create one per conversion.
class Iconv {
 public:
  /// A converter from `charset` (any name or alias iconv accepts, case-insensitive), or
  /// nullopt when iconv does not know it.
  static std::optional<Iconv> to_utf8(std::string_view charset);

  Iconv(Iconv&& other) noexcept;
  Iconv& operator=(Iconv&& other) noexcept;
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  ~Iconv();

  /// Converts the whole input. With InvalidBytes::fail, nullopt when a byte sequence is
  /// invalid or incomplete in the source charset; with InvalidBytes::replace, each such
  /// byte becomes U+FFFD and conversion goes on.
  std::optional<std::string> convert(std::string_view input, InvalidBytes invalid);

 private:
  explicit Iconv(iconv_t handle) : m_handle(handle) {}
  void close();

  iconv_t m_handle;
};

}  // namespace newsmon::feed
