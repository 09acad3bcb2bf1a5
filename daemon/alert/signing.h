#pragma once
// Standard Webhooks signatures: "v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}>".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/util/result.h"

namespace newsmon::alert {

/// A signing key decoded from its "whsec_<base64>" form.
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

}  // namespace newsmon::alert
