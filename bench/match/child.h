#pragma once
// Running a whole process as one measurement: its CPU time and its peak memory, as
// /usr/bin/time reports them, so figures are for the command users run.

#include <string>
#include <vector>

namespace newsmon::bench {

struct ChildCost {
  double cpu_seconds = 0;  ///< user + system time of the child
  double peak_mb = 0;      ///< maximum resident set size, in MB (10^6 bytes)
  int exit_code = -1;
};

/// Runs argv[0] with the arguments, standard output to `output` (a file path; /dev/null
/// to discard), and waits for it. Throws when it cannot be started or does not exit 0.
ChildCost run_child(const std::vector<std::string>& argv, const std::string& output);

}  // namespace newsmon::bench
