#include <catch2/catch.hpp>

#include <cstdlib>

#include "daemon/util/secret_source.h"
#include "tests/support/paths.h"

using namespace newsmon;
using util::read_secret_source;

namespace {

// Sets an environment variable for one test case.
struct ScopedEnv {
  ScopedEnv(const char* variable, const std::string& value) : name(variable) {
    ::setenv(variable, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name); }
  const char* name;
};

}  // namespace

TEST_CASE("env: reads the variable, without the white space around it", "[util][secret]") {
  ScopedEnv env("NEWSMON_TEST_SECRET", "  whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=\n");
  auto secret = read_secret_source("env:NEWSMON_TEST_SECRET", "a webhook secret");
  REQUIRE(secret);
  REQUIRE(*secret);
  CHECK(**secret == "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=");
}

TEST_CASE("An unset or empty variable is an error that names it and what it is for",
          "[util][secret]") {
  ::unsetenv("NEWSMON_TEST_UNSET");
  auto unset = read_secret_source("env:NEWSMON_TEST_UNSET", "a webhook secret");
  REQUIRE(unset);
  REQUIRE_FALSE(*unset);
  CHECK_THAT(unset->error().message, Catch::Contains("NEWSMON_TEST_UNSET") &&
                                         Catch::Contains("a webhook secret") &&
                                         Catch::Contains("not set"));
  ScopedEnv empty("NEWSMON_TEST_EMPTY", "");
  auto blank = read_secret_source("env:NEWSMON_TEST_EMPTY", "a webhook secret");
  REQUIRE(blank);
  CHECK_FALSE(*blank);
}

TEST_CASE("file: reads the first line of the file", "[util][secret]") {
  test::TempDir dir;
  test::write_file(dir / "secret", "\n  s3cret-value  \nsecond line\n");
  auto secret = read_secret_source("file:" + (dir / "secret").string(), "a database password");
  REQUIRE(secret);
  REQUIRE(*secret);
  CHECK(**secret == "s3cret-value");
}

TEST_CASE("A file that cannot be read is an error naming the file, never a secret",
          "[util][secret]") {
  test::TempDir dir;
  const auto missing = (dir / "missing").string();
  auto secret = read_secret_source("file:" + missing, "a webhook secret");
  REQUIRE(secret);
  REQUIRE_FALSE(*secret);
  CHECK_THAT(secret->error().message,
             Catch::Contains("a webhook secret") && Catch::Contains(missing));
}

TEST_CASE("credential: reads systemd's credential folder, and says so outside systemd",
          "[util][secret]") {
  test::TempDir dir;
  test::write_file(dir / "analysts", "from-systemd\n");
  {
    ScopedEnv env("CREDENTIALS_DIRECTORY", dir.path().string());
    auto secret = read_secret_source("credential:analysts", "a webhook secret");
    REQUIRE(secret);
    REQUIRE(*secret);
    CHECK(**secret == "from-systemd");
  }
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto outside = read_secret_source("credential:analysts", "a webhook secret");
  REQUIRE(outside);
  REQUIRE_FALSE(*outside);
  CHECK_THAT(outside->error().message,
             Catch::Contains("LoadCredential=") && Catch::Contains("file: or env:"));
}

TEST_CASE("Any other text is no source: the caller decides about literal values",
          "[util][secret]") {
  CHECK_FALSE(read_secret_source("whsec_c2VjcmV0", "a webhook secret").has_value());
  CHECK_FALSE(read_secret_source("environment:X", "a webhook secret").has_value());
}

TEST_CASE("An empty file is an error, not an empty secret", "[util][secret]") {
  test::TempDir dir;
  test::write_file(dir / "blank", " \n\n");
  auto secret = read_secret_source("file:" + (dir / "blank").string(), "a webhook secret");
  REQUIRE(secret);
  REQUIRE_FALSE(*secret);
  CHECK_THAT(secret->error().message, Catch::Contains("is empty"));
}
