#pragma once
// The `web:` section of the configuration: where the console listens and who may use it.
// Read by app's configuration reader; declared here, beside the console.

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace newsmon::web {

struct AuthConfig {
  /// A bearer token's source: env:NAME, file:PATH or credential:NAME (never the token
  /// itself in the configuration). Default: none.
  std::string token;
  /// A file of `name:hash` lines, the hashes bcrypt ($2b$, as `htpasswd -B` writes),
  /// yescrypt or sha-crypt (as `mkpasswd` writes) or Argon2 ($argon2id$, as `argon2`
  /// writes). Default: none.
  std::filesystem::path users_file;

  bool enabled() const { return !token.empty() || !users_file.empty(); }
  friend bool operator==(const AuthConfig&, const AuthConfig&) = default;
};

struct WebConfig {
  /// "127.0.0.1:8080"; empty: no console. May equal metrics.listen (one listener serves
  /// both). A non-loopback address needs `auth`. Default: empty.
  std::string listen;
  AuthConfig auth;
  /// How long a sign-in lasts. Default: 12 h.
  std::chrono::seconds session{12 * 3600};

  friend bool operator==(const WebConfig&, const WebConfig&) = default;
};

/// Whether a host (as in a listen address or a Host header, without the port) names this
/// machine only: localhost, 127.0.0.0/8 or ::1.
bool is_loopback_host(std::string_view host);

}  // namespace newsmon::web
