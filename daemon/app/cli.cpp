#include "daemon/app/cli.h"

#include <CLI/CLI.hpp>

namespace newsmon::app {

int run_cli(int argc, char** argv) {
  CLI::App cli{"newsmon: watches news feeds and alerts on the stories you care about"};
  cli.require_subcommand(1);
  CLI11_PARSE(cli, argc, argv);
  return 0;
}

}  // namespace newsmon::app
