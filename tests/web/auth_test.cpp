#include <catch2/catch.hpp>

#include <fstream>

#include <fmt/format.h>

#include "daemon/web/auth.h"
#include "daemon/web/config.h"
#include "tests/support/paths.h"

using namespace newsmon;
using namespace newsmon::web;

namespace {

// "correct horse", hashed by crypt(3) and by libargon2.
constexpr const char* k_bcrypt = "$2b$04$YowneRms/Zi12CgjHoY./.gHB47gt8bMzyw7SSP4JxH0BE8r3fYOy";
constexpr const char* k_sha512 =
    "$6$KKZKUN0K2JID6ta4$BUr0jEUWm1aqRt80jB5r0Y9B4KVwYHDxT4lmq8Kul.Bt0SzXf6mW9yd0Bmbk7fi3dSF.U59w5"
    "UzfZvD8.vt7t/";
constexpr const char* k_argon2 =
    "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$mxcSbmr/D6/"
    "SjFQHrbYAXfGQAcpkbEI+GffVDdMLDRY";

std::filesystem::path write(const test::TempDir& dir, const std::string& name,
                            const std::string& text) {
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("Passwords are checked against bcrypt, sha-crypt and Argon2 hashes", "[web][auth]") {
  for (const char* hash : {k_bcrypt, k_sha512, k_argon2}) {
    INFO(hash);
    CHECK(verify_password("correct horse", hash));
    CHECK_FALSE(verify_password("correct horse ", hash));
    CHECK_FALSE(verify_password("", hash));
  }
  CHECK_FALSE(verify_password("correct horse", "correct horse"));  // a plain text "hash"
  CHECK_FALSE(known_hash_form("$1$md5$weak"));
}

TEST_CASE("Users come from a file of name:hash lines", "[web][auth]") {
  test::TempDir dir;
  AuthConfig config;
  config.users_file =
      write(dir, "users", fmt::format("# analysts\nada:{}\n\nbob:{}\n", k_bcrypt, k_argon2));
  const auto auth = Authenticator::load(config).value();
  CHECK(auth.enabled());
  CHECK(auth.check_password("ada", "correct horse") == "ada");
  CHECK(auth.check_password("bob", "correct horse") == "bob");
  CHECK_FALSE(auth.check_password("bob", "wrong"));
  CHECK_FALSE(auth.check_password("eve", "correct horse"));
  CHECK_FALSE(auth.check_token("correct horse"));

  config.users_file = write(dir, "bad", "ada:plaintext\n");
  const auto refused = Authenticator::load(config);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("bad:1: a user is `name:hash`"));
  CHECK_THAT(refused.error().message, !Catch::Contains("plaintext"));
}

TEST_CASE("A token comes from a file or the environment and must be long", "[web][auth]") {
  test::TempDir dir;
  AuthConfig config;
  config.token = "file:" + write(dir, "token", "0123456789abcdef0123\n").string();
  const auto auth = Authenticator::load(config).value();
  CHECK(auth.check_token("0123456789abcdef0123") == "token");
  CHECK_FALSE(auth.check_token("0123456789abcdef012"));
  config.token = "file:" + write(dir, "short", "short\n").string();
  const auto refused = Authenticator::load(config);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("shorter than 16"));
  CHECK_THAT(refused.error().message, !Catch::Contains("short\n"));
}

TEST_CASE("A session cookie names its user until it expires and cannot be forged", "[web][auth]") {
  Sessions sessions(std::chrono::seconds(3600));
  const auto cookie = sessions.issue("ada", 1000);
  CHECK(sessions.verify(cookie, 1000) == "ada");
  CHECK(sessions.verify(cookie, 4599) == "ada");
  CHECK_FALSE(sessions.verify(cookie, 4600));
  auto forged = cookie;
  forged[1] = forged[1] == '1' ? '2' : '1';  // another user name, same signature
  CHECK_FALSE(sessions.verify(forged, 1000));
  CHECK_FALSE(Sessions(std::chrono::seconds(3600)).verify(cookie, 1000));  // another key
}

TEST_CASE("A CSRF token holds only for the cookie it was made for", "[web][auth]") {
  Sessions sessions(std::chrono::seconds(3600));
  const auto mine = sessions.issue("local", 0);
  const auto theirs = sessions.issue("local", 0);
  const auto token = sessions.csrf_token(mine);
  CHECK(sessions.check_csrf(mine, token));
  CHECK_FALSE(sessions.check_csrf(theirs, token));
  CHECK_FALSE(sessions.check_csrf("", sessions.csrf_token("")));
  CHECK_FALSE(sessions.check_csrf(mine, ""));
}

TEST_CASE("Loopback hosts are names and addresses of this machine only", "[web][auth]") {
  for (const char* host : {"localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
    CHECK(is_loopback_host(host));
  }
  for (const char* host : {"0.0.0.0", "10.0.0.1", "127.example.org", "localhost.evil", "", "::"}) {
    CHECK_FALSE(is_loopback_host(host));
  }
}
