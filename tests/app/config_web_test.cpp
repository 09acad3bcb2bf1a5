#include <catch2/catch.hpp>

#include "daemon/app/config.h"
#include "tests/support/paths.h"

using Catch::Matchers::Contains;
using newsmon::app::load_config;
using newsmon::test::TempDir;
using newsmon::test::write_file;

namespace {

newsmon::app::ConfigResult load(const TempDir& dir, const std::string& yaml) {
  write_file(dir / "newsmon.yaml", "rules: [r]\n" + yaml);
  return load_config(dir / "newsmon.yaml");
}

std::string errors_of(const std::string& yaml) {
  TempDir dir;
  return newsmon::util::format_all(load(dir, yaml).errors);
}

}  // namespace

TEST_CASE("The console is off unless web.listen is given", "[app][config][web]") {
  TempDir dir;
  CHECK(load(dir, "").config.web.listen.empty());
  const auto loaded = load(dir, "web: {listen: '127.0.0.1:8080', session: 2h}\n");
  REQUIRE(loaded.errors.empty());
  CHECK(loaded.config.web.listen == "127.0.0.1:8080");
  CHECK(loaded.config.web.session == std::chrono::hours(2));
  CHECK_FALSE(loaded.config.web.auth.enabled());
}

TEST_CASE("A console other machines can reach needs auth", "[app][config][web]") {
  for (const char* address : {"0.0.0.0:8080", "':8080'", "'[::]:8080'", "192.0.2.7:8080"}) {
    INFO(address);
    CHECK_THAT(errors_of(std::string("web: {listen: ") + address + "}\n"),
               Contains("reachable from other machines, and the console has no `auth`"));
  }
  CHECK(errors_of("web: {listen: 'localhost:8080'}\n").empty());
  CHECK(errors_of("web: {listen: '[::1]:8080'}\n").empty());
  TempDir dir;
  const auto loaded =
      load(dir, "web:\n  listen: 0.0.0.0:8080\n  auth: {token: file:token, users: users}\n");
  REQUIRE(loaded.errors.empty());
  CHECK(loaded.config.web.auth.token == "file:" + (dir / "token").string());
  CHECK(loaded.config.web.auth.users_file == dir / "users");
}

TEST_CASE("The console's token is named by its source, never written in the file",
          "[app][config][web]") {
  CHECK_THAT(errors_of("web: {listen: '127.0.0.1:1', auth: {token: hunter2hunter2hunter2}}\n"),
             Contains("web.auth.token names where the token is: env:NAME, file:PATH"));
  CHECK_THAT(errors_of("web: {listen: '127.0.0.1:1', auth: {}}\n"),
             Contains("web.auth needs `token:` or `users:`"));
  CHECK_THAT(errors_of("web: {listen: nowhere}\n"), Contains("web.listen: 'nowhere' is not"));
  CHECK_THAT(errors_of("web: {auth: {token: env:T}}\n"), Contains("web needs `listen:`"));
}
