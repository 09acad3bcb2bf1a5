#include "daemon/util/crypto.h"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace newsmon::util {
namespace {

constexpr std::string_view k_base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int k_skip = -2;

// The 6-bit value of a base64 character; k_skip for what lenient input may hold between
// them; -1 for anything else.
int base64_value(char c, Base64Input input) {
  const auto position = k_base64_alphabet.find(c);
  if (position != std::string_view::npos) return static_cast<int>(position);
  if (input == Base64Input::strict) return -1;
  if (c == '-') return 62;
  if (c == '_') return 63;
  if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') return k_skip;
  return -1;
}

}  // namespace

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(sha256) failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string sha256_hex(std::string_view data) {
  return hex_encode(sha256(data));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(),
           &length) == nullptr) {
    throw std::runtime_error("HMAC(sha256) failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto chunk = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += k_base64_alphabet[(chunk >> 18) & 63];
    out += k_base64_alphabet[(chunk >> 12) & 63];
    out += k_base64_alphabet[(chunk >> 6) & 63];
    out += k_base64_alphabet[chunk & 63];
  }
  if (i < data.size()) {
    auto chunk = static_cast<unsigned>(static_cast<unsigned char>(data[i]) << 16);
    if (i + 1 < data.size()) {
      chunk |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1]) << 8);
    }
    out += k_base64_alphabet[(chunk >> 18) & 63];
    out += k_base64_alphabet[(chunk >> 12) & 63];
    out += i + 1 < data.size() ? k_base64_alphabet[(chunk >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> base64_decode(std::string_view text, Base64Input input) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = base64_value(c, input);
    if (value == k_skip) continue;
    if (value < 0) {
      return make_error("invalid base64 character '{}'", c);
    }
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string hex_encode(std::string_view data) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (unsigned char byte : data) {
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

std::string random_bytes(std::size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace newsmon::util
