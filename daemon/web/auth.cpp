#include "daemon/web/auth.h"

#include <argon2.h>
#include <crypt.h>

#include <memory>

#include <fmt/format.h>

#include "daemon/util/crypto.h"
#include "daemon/util/secret_source.h"
#include "daemon/util/text.h"

namespace newsmon::web {
namespace {

bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
    if (!allowed) return false;
  }
  return true;
}

std::optional<argon2_type> argon2_form(std::string_view hash) {
  if (hash.starts_with("$argon2id$")) return Argon2_id;
  if (hash.starts_with("$argon2i$")) return Argon2_i;
  if (hash.starts_with("$argon2d$")) return Argon2_d;
  return std::nullopt;
}

bool crypt_form(std::string_view hash) {
  for (const std::string_view prefix : {"$2a$", "$2b$", "$2y$", "$y$", "$gy$", "$6$", "$5$"}) {
    if (hash.starts_with(prefix)) return true;
  }
  return false;
}

bool crypt_verify(std::string_view password, const std::string& hash) {
  const std::string phrase(password);
  auto data = std::make_unique<crypt_data>();  // large: not on the stack
  const char* result = crypt_rn(phrase.c_str(), hash.c_str(), data.get(), sizeof(crypt_data));
  return result != nullptr && result[0] != '*' && util::constant_time_equal(result, hash);
}

// The users file: `name:hash` lines; blank lines and # comments are skipped.
util::Result<std::map<std::string, std::string>> read_users(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) return util::make_error("web.auth.users: {}", text.error().message);
  std::map<std::string, std::string> users;
  int number = 0;
  for (const auto raw : util::split(*text, '\n')) {
    ++number;
    const auto line = util::trim(raw);
    if (line.empty() || line.starts_with('#')) continue;
    const auto colon = line.find(':');
    const auto name = line.substr(0, colon);
    const auto hash = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (!valid_user_name(name) || !known_hash_form(hash)) {
      return util::make_error(
          "{}:{}: a user is `name:hash` with a bcrypt, yescrypt, sha-crypt or argon2 hash "
          "(htpasswd -B, mkpasswd or argon2 write them); names use letters, digits and . _ - @",
          path.string(), number);
    }
    users.emplace(std::string(name), std::string(hash));
  }
  if (users.empty()) return util::make_error("{}: no users in this file", path.string());
  return users;
}

}  // namespace

bool known_hash_form(std::string_view hash) {
  return argon2_form(hash).has_value() || crypt_form(hash);
}

bool verify_password(std::string_view password, std::string_view hash) {
  const std::string encoded(hash);
  if (const auto type = argon2_form(hash)) {
    return argon2_verify(encoded.c_str(), password.data(), password.size(), *type) == ARGON2_OK;
  }
  return crypt_form(hash) && crypt_verify(password, encoded);
}

util::Result<Authenticator> Authenticator::load(const AuthConfig& config) {
  Authenticator auth;
  if (!config.token.empty()) {
    auto token = util::read_secret_source(config.token, "the web console's token");
    if (!token) {
      return util::make_error("web.auth.token must be env:NAME, file:PATH or credential:NAME");
    }
    if (!*token) return token->error();
    if ((*token)->size() < 16) {
      return util::make_error(
          "the web console's token ({}) is shorter than 16 characters: use "
          "a long random one, such as `openssl rand -hex 32` prints",
          config.token);
    }
    auth.m_token = std::move(**token);
  }
  if (!config.users_file.empty()) {
    auto users = read_users(config.users_file);
    if (!users) return users.error();
    auth.m_users = std::move(*users);
  }
  return auth;
}

std::optional<std::string> Authenticator::check_token(std::string_view token) const {
  if (m_token && util::constant_time_equal(*m_token, token)) return std::string("token");
  return std::nullopt;
}

std::optional<std::string> Authenticator::check_password(const std::string& user,
                                                         std::string_view password) const {
  const auto found = m_users.find(user);
  if (found == m_users.end() || !verify_password(password, found->second)) return std::nullopt;
  return user;
}

Sessions::Sessions(std::chrono::seconds lifetime)
    : m_key(util::random_bytes(32)), m_lifetime(lifetime) {}

std::string Sessions::mac(std::string_view what) const {
  return util::hex_encode(util::hmac_sha256(m_key, what));
}

// A cookie: "<user hex>.<expiry>.<nonce>.<mac of the three>".
std::string Sessions::issue(std::string_view user, std::int64_t now) const {
  const auto body = fmt::format("{}.{}.{}", util::hex_encode(user), now + m_lifetime.count(),
                                util::hex_encode(util::random_bytes(12)));
  return body + "." + mac("session." + body);
}

std::optional<std::string> Sessions::verify(std::string_view cookie, std::int64_t now) const {
  const auto dot = cookie.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto body = cookie.substr(0, dot);
  if (!util::constant_time_equal(mac("session." + std::string(body)), cookie.substr(dot + 1))) {
    return std::nullopt;
  }
  const auto parts = util::split(body, '.');
  if (parts.size() != 3) return std::nullopt;
  std::int64_t expiry = 0;
  try {
    expiry = std::stoll(std::string(parts[1]));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (expiry <= now) return std::nullopt;
  std::string user;
  for (std::size_t i = 0; i + 1 < parts[0].size(); i += 2) {
    user += static_cast<char>(std::stoi(std::string(parts[0].substr(i, 2)), nullptr, 16));
  }
  return user;
}

std::string Sessions::csrf_token(std::string_view cookie) const {
  return mac("csrf." + std::string(cookie));
}

bool Sessions::check_csrf(std::string_view cookie, std::string_view token) const {
  return !cookie.empty() && util::constant_time_equal(csrf_token(cookie), token);
}

}  // namespace newsmon::web
