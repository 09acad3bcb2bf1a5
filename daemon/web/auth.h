#pragma once
// Who may use the console: a bearer token, or users with password hashes from a file;
// signed session cookies once signed in; and the CSRF tokens that state-changing forms
// carry. Without web.auth (loopback only) everyone is "local", but forms still need a
// CSRF token so that another site cannot post to the console through a browser.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/util/result.h"
#include "daemon/web/config.h"

namespace newsmon::web {

/// Whether the password matches a hash as crypt(3) (bcrypt $2a$/$2b$/$2y$, yescrypt $y$,
/// sha512-crypt $6$, sha256-crypt $5$) or libargon2 ($argon2id$, $argon2i$, $argon2d$)
/// write it. False for a hash of any other form.
bool verify_password(std::string_view password, std::string_view hash);

/// Whether a hash has a form verify_password() knows.
bool known_hash_form(std::string_view hash);

class Authenticator {
 public:
  /// No authentication: everyone is "local".
  Authenticator() = default;
  /// Resolves the token and reads the users file. Errors name the file and line, never a
  /// secret.
  static util::Result<Authenticator> load(const AuthConfig& config);

  bool enabled() const { return m_token.has_value() || !m_users.empty(); }
  bool has_users() const { return !m_users.empty(); }
  bool has_token() const { return m_token.has_value(); }
  /// The user a bearer token stands for ("token"), compared in constant time.
  std::optional<std::string> check_token(std::string_view token) const;
  std::optional<std::string> check_password(const std::string& user,
                                            std::string_view password) const;

 private:
  std::optional<std::string> m_token;
  std::map<std::string, std::string> m_users;  ///< name -> hash
};

/// Signed, expiring session cookies and the CSRF tokens bound to them. The key is made
/// at random when the console starts, so a restart signs everyone out.
class Sessions {
 public:
  explicit Sessions(std::chrono::seconds lifetime);
  /// A cookie value for the user, valid until now + lifetime.
  std::string issue(std::string_view user, std::int64_t now) const;
  /// The user of a valid, unexpired cookie.
  std::optional<std::string> verify(std::string_view cookie, std::int64_t now) const;
  /// The CSRF token for forms served with this cookie.
  std::string csrf_token(std::string_view cookie) const;
  bool check_csrf(std::string_view cookie, std::string_view token) const;
  std::chrono::seconds lifetime() const { return m_lifetime; }

 private:
  std::string mac(std::string_view what) const;

  std::string m_key;
  std::chrono::seconds m_lifetime;
};

}  // namespace newsmon::web
