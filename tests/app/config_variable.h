#pragma once
// Running newsmon with NEWSMON_CONFIG set, for the tests of the command line.

#include <string>

#include "tests/support/process.h"

namespace newsmon::test {

/// A ProcessOptions whose NEWSMON_CONFIG is this (empty: as if unset).
inline ProcessOptions with_config_variable(const std::string& value) {
  ProcessOptions options;
  options.env = {{"NEWSMON_CONFIG", value}};
  return options;
}

}  // namespace newsmon::test
