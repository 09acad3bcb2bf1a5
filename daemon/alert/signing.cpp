#include "daemon/alert/signing.h"

#include <fmt/format.h>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"

namespace newsmon::alert {

util::Result<SigningKey> parse_signing_key(std::string_view secret) {
  std::string_view encoded = util::trim(secret);
  if (util::starts_with(encoded, "whsec_")) {
    encoded.remove_prefix(6);
  }
  auto bytes = util::base64_decode(encoded);
  if (!bytes || bytes->empty()) {
    return util::make_error("the webhook secret is not a whsec_<base64> value");
  }
  return SigningKey{std::move(*bytes)};
}

std::string sign(const SigningKey& key, std::string_view webhook_id, std::int64_t timestamp,
                 std::string_view body) {
  const std::string signed_content = fmt::format("{}.{}.{}", webhook_id, timestamp, body);
  return "v1," + util::base64_encode(util::hmac_sha256(key.bytes, signed_content));
}

std::string signature_header(const std::vector<SigningKey>& keys, std::string_view webhook_id,
                             std::int64_t timestamp, std::string_view body) {
  std::string header;
  for (const auto& key : keys) {
    if (!header.empty()) header += ' ';
    header += sign(key, webhook_id, timestamp, body);
  }
  return header;
}

}  // namespace newsmon::alert
