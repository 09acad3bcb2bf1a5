// `cmake --install` into a staging folder (DESTDIR): the layout Debian expects, a unit
// that systemd accepts and rates as well sandboxed, and configuration edits kept.

#include <filesystem>
#include <regex>

#include <catch2/catch.hpp>

#include "daemon/util/text.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using newsmon::test::run;
using newsmon::test::TempDir;

namespace {

std::filesystem::path staged(const TempDir& dir, const std::string& absolute) {
  return dir.path() / std::filesystem::path(absolute).relative_path();
}

newsmon::test::RunResult install(const TempDir& dir) {
  return run({"cmake", "--install", NEWSMON_BINARY_DIR},
             {.env = {{"DESTDIR", dir.path().string()}}});
}

}  // namespace

TEST_CASE("Installing lays out binary, unit, manual and configuration, and keeps user edits",
          "[e2e][install]") {
  TempDir dir;
  const auto first = install(dir);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);

  const std::string prefix = NEWSMON_INSTALL_PREFIX;
  const std::string config_dir = NEWSMON_CONFIG_DIR;
  const auto binary = staged(dir, prefix + "/bin/newsmon");
  const auto unit = staged(dir, prefix + "/lib/systemd/system/newsmon.service");
  const auto manual = staged(dir, prefix + "/share/man/man1/newsmon.1");
  const auto config = staged(dir, config_dir + "/newsmon.yaml");
  CHECK(std::filesystem::exists(binary));
  CHECK(std::filesystem::exists(manual));
  CHECK(std::filesystem::exists(staged(dir, config_dir + "/feeds.yaml")));
  CHECK(std::filesystem::exists(staged(dir, config_dir + "/rules/arms-transfers.yaml")));
  CHECK(std::filesystem::exists(staged(dir, config_dir + "/rules/alliance-diplomacy.yaml")));
  REQUIRE(std::filesystem::exists(unit));
  const auto unit_text = newsmon::util::read_file(unit).value();
  CHECK(unit_text.find("ExecStart=" + prefix + "/bin/newsmon run --config " + config_dir +
                       "/newsmon.yaml") != std::string::npos);
  // A ceiling on memory: a hostile input ends in a refused reload or a restart, never in
  // the machine's memory.
  CHECK(std::regex_search(unit_text, std::regex("\nMemoryMax=[0-9]+[KMG]\n")));

  SECTION("the installed configuration is valid as shipped") {
    const auto check = run({binary.string(), "check", "--config", config.string()});
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
  }

  SECTION("systemd accepts the unit and rates its sandbox 1.5 or lower") {
    // verify wants the binary and the manual page where the unit says they are.
    auto local = unit_text;
    local = std::regex_replace(local, std::regex(prefix + "/bin/newsmon"), binary.string());
    newsmon::test::write_file(dir / "newsmon.service", local);
    const auto verify = run({"systemd-analyze", "verify", (dir / "newsmon.service").string()},
                            {.env = {{"MANPATH", staged(dir, prefix + "/share/man").string()},
                                     {"SYSTEMD_LOG_COLOR", "0"}}});
    INFO(verify.out << verify.err);
    CHECK(verify.exit_code == 0);
    CHECK(verify.out.empty());
    CHECK(verify.err.empty());

    const auto security =
        run({"systemd-analyze", "security", "--offline=true", (dir / "newsmon.service").string()});
    INFO(security.out << security.err);
    std::smatch level;
    REQUIRE(std::regex_search(security.out, level,
                              std::regex("Overall exposure level for newsmon.service: ([0-9.]+)")));
    CHECK(std::stod(level[1].str()) <= 1.5);
  }

  SECTION("installing again keeps an edited configuration and puts the shipped one beside it") {
    newsmon::test::write_file(config, "# mine\n" + newsmon::util::read_file(config).value());
    const auto second = install(dir);
    REQUIRE(second.exit_code == 0);
    CHECK(newsmon::util::read_file(config).value().rfind("# mine\n", 0) == 0);
    CHECK(std::filesystem::exists(config.string() + ".dist"));
  }
}
