// Webhook secrets: where they are read from (the value, the environment, a file, a systemd
// credential), and how a bad one is reported without its value.

#include <cstdlib>

#include <catch2/catch.hpp>

#include "daemon/alert/secrets.h"
#include "daemon/alert/signing.h"
#include "daemon/util/crypto.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using namespace newsmon::alert;

namespace {

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* k_other_secret = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";

}  // namespace

TEST_CASE("Secrets come from the environment, files, credentials or the value itself",
          "[alert][secrets]") {
  const auto expected = parse_signing_key(k_secret).value().bytes;
  test::TempDir dir;

  SECTION("whsec_ value") {
    CHECK(resolve_secret(k_secret).value().bytes == expected);
  }
  SECTION("env:NAME") {
    ::setenv("NEWSMON_TEST_SECRET", k_secret, 1);
    CHECK(resolve_secret("env:NEWSMON_TEST_SECRET").value().bytes == expected);
    ::unsetenv("NEWSMON_TEST_SECRET");
    const auto missing = resolve_secret("env:NEWSMON_TEST_SECRET");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message,
               Catch::Contains("NEWSMON_TEST_SECRET") && Catch::Contains("not set"));
  }
  SECTION("file:PATH, first line, white space ignored") {
    test::write_file(dir / "secret", std::string("  ") + k_secret + "\n# rotated 2023-01\n");
    CHECK(resolve_secret("file:" + (dir / "secret").string()).value().bytes == expected);
    const auto missing = resolve_secret("file:" + (dir / "nope").string());
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains((dir / "nope").string()));
  }
  SECTION("credential:NAME under $CREDENTIALS_DIRECTORY") {
    test::write_file(dir / "hook", k_secret);
    ::setenv("CREDENTIALS_DIRECTORY", dir.path().c_str(), 1);
    CHECK(resolve_secret("credential:hook").value().bytes == expected);
    ::unsetenv("CREDENTIALS_DIRECTORY");
    CHECK_THAT(resolve_secret("credential:hook").error().message,
               Catch::Contains("LoadCredential"));
  }
  SECTION("several, in order") {
    const auto keys = resolve_secrets({k_secret, k_other_secret}).value();
    REQUIRE(keys.size() == 2);
    CHECK(keys[0].bytes == expected);
  }
}

TEST_CASE("A bad secret is reported without echoing it", "[alert][secrets]") {
  const std::string secret = "whsec_not*base64*at*all";
  const auto bad = resolve_secret(secret);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("not*base64") == std::string::npos);
  CHECK_THAT(bad.error().message, Catch::Contains("whsec_<base64>"));

  const auto unknown = resolve_secret("hunter2");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("hunter2") == std::string::npos);
  CHECK_THAT(unknown.error().message, Catch::Contains("env:NAME"));
}

TEST_CASE("A secret outside 24 to 64 bytes is refused, with its length and not its value",
          "[alert][secrets]") {
  const std::string ten_bytes = "whsec_" + util::base64_encode("0123456789");
  const auto short_key = resolve_secret(ten_bytes);
  REQUIRE_FALSE(short_key.ok());
  CHECK_THAT(short_key.error().message, Catch::Contains("is 10 bytes once decoded"));
  CHECK_THAT(short_key.error().message, Catch::Contains("24 to 64 random bytes"));
  CHECK(short_key.error().message.find(ten_bytes.substr(6)) == std::string::npos);
  CHECK_FALSE(resolve_secret("whsec_" + util::base64_encode(std::string(65, 'k'))).ok());
  CHECK(resolve_secret("whsec_" + util::base64_encode(std::string(24, 'k'))).ok());
  CHECK(resolve_secret("whsec_" + util::base64_encode(std::string(64, 'k'))).ok());
}

TEST_CASE("newsmon check names the webhook whose secret is too short", "[alert][secrets]") {
  test::TempDir dir;
  const std::string secret = "whsec_" + util::base64_encode("0123456789");
  test::write_file(dir / "rules.yaml", "rules:\n  - id: tanks\n    query: tank\n");
  test::write_file(dir / "newsmon.yaml",
                   "database: newsmon.db\nrules: [rules.yaml]\n"
                   "feeds:\n  - url: https://news.example.org/feed.xml\n"
                   "webhooks:\n  - name: analysts\n    url: https://hooks.example.org/x\n"
                   "    secret: " +
                       secret + "\n");
  const auto check = test::run_newsmon({"check", "--config", (dir / "newsmon.yaml").string()});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("webhook 'analysts': the secret in the configuration is "
                                        "10 bytes once decoded"));
  CHECK(check.out.find(secret.substr(6)) == std::string::npos);
}
