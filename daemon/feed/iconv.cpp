#include "daemon/feed/iconv.h"

#include <cerrno>
#include <utility>

namespace newsmon::feed {
namespace {

const iconv_t k_invalid = reinterpret_cast<iconv_t>(-1);
constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

}  // namespace

std::optional<Iconv> Iconv::to_utf8(std::string_view charset) {
  const std::string name(charset);
  iconv_t handle = iconv_open("UTF-8", name.c_str());
  if (handle == k_invalid) return std::nullopt;
  return Iconv(handle);
}

Iconv::Iconv(Iconv&& other) noexcept : m_handle(std::exchange(other.m_handle, k_invalid)) {}

Iconv& Iconv::operator=(Iconv&& other) noexcept {
  if (this != &other) {
    close();
    m_handle = std::exchange(other.m_handle, k_invalid);
  }
  return *this;
}

Iconv::~Iconv() {
  close();
}

void Iconv::close() {
  if (m_handle != k_invalid) iconv_close(m_handle);
  m_handle = k_invalid;
}

std::optional<std::string> Iconv::convert(std::string_view input, InvalidBytes invalid) {
  iconv(m_handle, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  std::string out;
  out.resize(input.size() + input.size() / 2 + 16);
  // iconv's interface is not const-correct; it never writes through the input pointer.
  char* in_pointer = const_cast<char*>(input.data());
  std::size_t in_left = input.size();
  std::size_t written = 0;
  while (in_left > 0) {
    char* out_pointer = out.data() + written;
    std::size_t out_left = out.size() - written;
    const std::size_t result = iconv(m_handle, &in_pointer, &in_left, &out_pointer, &out_left);
    written = out.size() - out_left;
    if (result != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (invalid sequence) or EINVAL (sequence cut off at the end).
    if (invalid == InvalidBytes::fail) return std::nullopt;
    if (out.size() - written < k_replacement.size()) out.resize(out.size() * 2);
    out.replace(written, k_replacement.size(), k_replacement);
    written += k_replacement.size();
    ++in_pointer;
    --in_left;
    iconv(m_handle, nullptr, nullptr, nullptr, nullptr);
  }
  // Flush any pending shift sequence (stateful charsets such as ISO-2022-JP).
  for (;;) {
    char* out_pointer = out.data() + written;
    std::size_t out_left = out.size() - written;
    const std::size_t result = iconv(m_handle, nullptr, nullptr, &out_pointer, &out_left);
    written = out.size() - out_left;
    if (result != static_cast<std::size_t>(-1) || errno != E2BIG) break;
    out.resize(out.size() * 2);
  }
  out.resize(written);
  return out;
}

}  // namespace newsmon::feed
