#pragma once
// Real child processes for end-to-end tests: start newsmon, read what it printed, send
// it signals, wait for it with a deadline.

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace newsmon::test {

/// Polls the condition every few milliseconds until it holds or the deadline passes.
/// Returns whether it held. This is how tests wait: never a bare sleep.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds deadline = std::chrono::seconds(20));

struct ProcessOptions {
  std::vector<std::pair<std::string, std::string>>
      env;                                 ///< added to (or replacing) the inherited environment
  std::filesystem::path working_dir = {};  ///< empty: the current one
};

/// A running child whose stdout and stderr go to files, so they can be read at any time.
class Process {
 public:
  Process(std::vector<std::string> argv, ProcessOptions options = {});
  ~Process();  ///< kills the child with SIGKILL if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return m_pid; }
  void signal(int signal_number) const;
  /// Waits for the child to exit; returns its exit code (128+signal when killed), or
  /// nullopt when it is still running at the deadline.
  std::optional<int> wait(std::chrono::milliseconds deadline = std::chrono::seconds(30));
  bool running();

  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  pid_t m_pid = -1;
  std::optional<int> m_exit_code;
  std::filesystem::path m_dir;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a command to completion (killed after the deadline) and returns what it printed.
RunResult run(std::vector<std::string> argv, ProcessOptions options = {},
              std::chrono::milliseconds deadline = std::chrono::seconds(60));

/// Runs the built newsmon with these arguments.
RunResult run_newsmon(std::vector<std::string> arguments, ProcessOptions options = {},
                      std::chrono::milliseconds deadline = std::chrono::seconds(60));

}  // namespace newsmon::test
