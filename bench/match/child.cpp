#include "bench/match/child.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace newsmon::bench {

ChildCost run_child(const std::vector<std::string>& argv, const std::string& output) {
  // Through /usr/bin/time, as users measure it: a child started from this process would
  // count this process's pages in its peak memory (Linux carries the high-water mark of
  // the address space a child starts with across exec).
  const std::string report = output == "/dev/null"
                                 ? "/tmp/bench-match-time-" + std::to_string(getpid())
                                 : output + ".time";
  std::vector<std::string> command{"/usr/bin/time", "-f", "%U %S %M", "-o", report};
  command.insert(command.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (const auto& arg : command) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int failed = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) throw std::runtime_error("cannot start /usr/bin/time (Debian package time)");
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) throw std::runtime_error("waitpid failed");
  ChildCost cost;
  cost.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (cost.exit_code != 0) {
    throw std::runtime_error(argv[0] + " exited with " + std::to_string(cost.exit_code));
  }
  std::ifstream in(report);
  double user = 0;
  double system = 0;
  double peak_kb = 0;
  if (!(in >> user >> system >> peak_kb)) throw std::runtime_error("no report from /usr/bin/time");
  std::remove(report.c_str());
  cost.cpu_seconds = user + system;
  cost.peak_mb = peak_kb * 1024 / 1e6;
  return cost;
}

}  // namespace newsmon::bench
