#include "daemon/alert/secrets.h"

#include <cstdlib>
#include <filesystem>

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

util::Result<SigningKey> from_file(const std::filesystem::path& path, std::string_view where) {
  auto text = util::read_file(path);
  if (!text) {
    // The message names the file.
    return util::make_error("cannot read the webhook secret: {}", text.error().message);
  }
  const std::string_view first_line = util::split(util::trim(*text), '\n').front();
  return decode(first_line, where);
}

}  // namespace

util::Result<SigningKey> resolve_secret(std::string_view source) {
  source = util::trim(source);
  if (source.starts_with("env:")) {
    const std::string name(source.substr(4));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      return util::make_error(
          "the environment variable {} named as a webhook secret is not set: set it in the "
          "service's environment",
          name);
    }
    return decode(value, "environment variable " + name);
  }
  if (source.starts_with("file:")) {
    const std::filesystem::path path(source.substr(5));
    return from_file(path, "file " + path.string());
  }
  if (source.starts_with("credential:")) {
    const std::string name(source.substr(11));
    const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
    if (directory == nullptr || *directory == '\0') {
      return util::make_error(
          "the webhook secret credential:{} needs systemd's LoadCredential= (no "
          "CREDENTIALS_DIRECTORY is set); use file: or env: outside systemd",
          name);
    }
    return from_file(std::filesystem::path(directory) / name, "credential " + name);
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
