#pragma once
// Hashes, HMAC and base64 over OpenSSL, for webhook signatures, ids and content hashes, and
// the base64 decoding of feed content.

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/util/result.h"

namespace newsmon::util {

/// SHA-256 of the bytes, as 32 raw bytes.
std::string sha256(std::string_view data);
/// SHA-256 of the bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);
/// HMAC-SHA256 of the data under the key, as 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// Standard base64 with padding.
std::string base64_encode(std::string_view data);

enum class Base64Input {
  strict,   ///< the standard alphabet, padding only at the end (and optional)
  lenient,  ///< as feeds write it: also the URL-safe alphabet, white space and padding anywhere
};
/// Decodes base64; an Error on any character the input kind does not allow.
Result<std::string> base64_decode(std::string_view text, Base64Input input = Base64Input::strict);

/// Lower-case hex of raw bytes.
std::string hex_encode(std::string_view data);

/// Cryptographically random bytes (for secrets and jitter seeds).
std::string random_bytes(std::size_t count);

/// Compares in time independent of where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace newsmon::util
