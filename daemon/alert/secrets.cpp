#include "daemon/alert/secrets.h"

#include "daemon/util/secret_source.h"
#include "daemon/util/text.h"

namespace newsmon::alert {
namespace {

util::Result<SigningKey> decode(std::string_view value, std::string_view where) {
  auto key = parse_signing_key(value);
  if (!key) {
    return util::make_error("the secret in {} is not a whsec_<base64> value", where);
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
