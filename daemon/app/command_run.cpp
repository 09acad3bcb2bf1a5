#include <fmt/format.h>

#include "daemon/app/commands.h"

namespace newsmon::app {

int command_run(const RunOptions&) {
  fmt::print(stderr, "newsmon: this command is not available yet\n");
  return 2;
}

}  // namespace newsmon::app
