#include "daemon/alert/signing.h"

#include <charconv>

#include <fmt/format.h>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"

namespace newsmon::alert {

util::Result<SigningKey> parse_signing_key(std::string_view secret) {
  std::string_view encoded = util::trim(secret);
  if (encoded.starts_with("whsec_")) {
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

util::Status verify_signature(const std::vector<SigningKey>& keys, std::string_view webhook_id,
                              std::string_view timestamp, std::string_view body,
                              std::string_view signature_header, std::int64_t now,
                              std::chrono::seconds tolerance) {
  if (webhook_id.empty() || timestamp.empty() || signature_header.empty()) {
    return util::make_error("missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  std::int64_t sent_at = 0;
  const auto* end = timestamp.data() + timestamp.size();
  if (const auto [stop, error] = std::from_chars(timestamp.data(), end, sent_at);
      error != std::errc() || stop != end) {
    return util::make_error("webhook-timestamp '{}' is not a number of seconds", timestamp);
  }
  if (sent_at < now - tolerance.count() || sent_at > now + tolerance.count()) {
    return util::make_error(
        "webhook-timestamp {} is {} s away from this machine's clock (at most {} s allowed): "
        "a replayed request, or a clock out of sync",
        sent_at, sent_at - now, tolerance.count());
  }
  for (const auto& key : keys) {
    const std::string expected = sign(key, webhook_id, sent_at, body);
    for (const auto candidate : util::split(signature_header, ' ')) {
      if (candidate.starts_with("v1,") && util::constant_time_equal(candidate, expected)) {
        return {};
      }
    }
  }
  return util::make_error(
      "no signature matches: the secret differs from the sender's, or the body was changed");
}

}  // namespace newsmon::alert
