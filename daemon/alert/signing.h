#pragma once
// Standard Webhooks signatures: "v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}>",
// the key being the base64-decoded part of a "whsec_<base64>" secret.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

namespace newsmon::alert {

/// A signing key decoded from its "whsec_<base64>" form. Never log its bytes.
struct SigningKey {
  std::string bytes;
};

/// Decodes "whsec_<base64>" (the prefix is optional); an Error without echoing the secret.
util::Result<SigningKey> parse_signing_key(std::string_view secret);

/// "v1,<base64 signature>" for one key.
std::string sign(const SigningKey& key, std::string_view webhook_id, std::int64_t timestamp,
                 std::string_view body);

/// The webhook-signature header value: one "v1,..." per key, space-separated (rotation).
std::string signature_header(const std::vector<SigningKey>& keys, std::string_view webhook_id,
                             std::int64_t timestamp, std::string_view body);

/// Receivers accept timestamps this far from their own clock, either way.
inline constexpr std::chrono::seconds k_timestamp_tolerance{5 * 60};

/// Checks a received webhook the way a receiver should: the timestamp is a number within
/// the tolerance of `now`, and one of the header's "v1," signatures (others are skipped)
/// matches one of the keys, compared in constant time. The Error says which check failed.
util::Status verify_signature(const std::vector<SigningKey>& keys, std::string_view webhook_id,
                              std::string_view timestamp, std::string_view body,
                              std::string_view signature_header, std::int64_t now,
                              std::chrono::seconds tolerance = k_timestamp_tolerance);

}  // namespace newsmon::alert
