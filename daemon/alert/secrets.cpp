#include "daemon/alert/secrets.h"

#include "daemon/util/secret_source.h"
#include "daemon/util/text.h"

namespace newsmon::alert {
namespace {

// Standard Webhooks' bounds, which docs/webhooks.md promises: a shorter key is weak, a
// longer one is hashed down by HMAC anyway and probably not what the receiver holds.
constexpr std::size_t k_min_key_bytes = 24;
constexpr std::size_t k_max_key_bytes = 64;

util::Result<SigningKey> decode(std::string_view value, std::string_view where) {
  auto key = parse_signing_key(value);
  if (!key) {
    return util::make_error("the secret in {} is not a whsec_<base64> value", where);
  }
  const std::size_t bytes = key->bytes.size();
  if (bytes < k_min_key_bytes || bytes > k_max_key_bytes) {
    return util::make_error(
        "the secret in {} is {} bytes once decoded; a webhook secret is {} to {} random bytes: "
        "make one with echo \"whsec_$(head -c 32 /dev/urandom | base64)\"",
        where, bytes, k_min_key_bytes, k_max_key_bytes);
  }
  return key;
}

}  // namespace

util::Result<SigningKey> resolve_secret(std::string_view source) {
  source = util::trim(source);
  if (auto text = util::read_secret_source(source, "a webhook secret")) {
    if (!*text) return text->error();
    return decode(**text, source);
  }
  if (source.starts_with("whsec_")) {
    return decode(source, "the configuration");
  }
  return util::make_error(
      "a webhook secret must be env:NAME, file:PATH, credential:NAME or a whsec_ value");
}

util::Result<std::vector<SigningKey>> resolve_secrets(const std::vector<std::string>& sources) {
  std::vector<SigningKey> keys;
  for (const auto& source : sources) {
    auto key = resolve_secret(source);
    if (!key) return key.error();
    keys.push_back(std::move(*key));
  }
  return keys;
}

}  // namespace newsmon::alert
