#include "tests/support/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"
#include "tests/support/paths.h"

extern char** environ;

namespace newsmon::test {
namespace {

std::vector<std::string> merged_environment(const ProcessOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto name = text.substr(0, text.find('='));
    bool replaced = false;
    for (const auto& [key, value] : options.env) {
      replaced = replaced || key == name;
    }
    if (!replaced) env.push_back(text);
  }
  for (const auto& [key, value] : options.env) {
    env.push_back(key + "=" + value);
  }
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& text : strings) out.push_back(text.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(25));
  }
}

Process::Process(std::vector<std::string> argv, ProcessOptions options) {
  m_dir = std::filesystem::temp_directory_path() /
          ("newsmon-proc-" + util::hex_encode(util::random_bytes(6)));
  std::filesystem::create_directories(m_dir);
  const auto out_path = (m_dir / "stdout").string();
  const auto err_path = (m_dir / "stderr").string();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  if (!options.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());
  }
  auto env = merged_environment(options);
  auto env_pointers = pointers(env);
  auto argv_pointers = pointers(argv);
  const int rc = posix_spawnp(&m_pid, argv_pointers[0], &actions, nullptr, argv_pointers.data(),
                              env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv.front());
  }
}

Process::~Process() {
  if (running()) {
    ::kill(m_pid, SIGKILL);
    wait(std::chrono::seconds(10));
  }
  std::error_code ignored;
  std::filesystem::remove_all(m_dir, ignored);
}

void Process::signal(int signal_number) const {
  ::kill(m_pid, signal_number);
}

std::optional<int> Process::wait(std::chrono::milliseconds deadline) {
  wait_until(
      [&] {
        if (m_exit_code) return true;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
          m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          return true;
        }
        return false;
      },
      deadline);
  return m_exit_code;
}

bool Process::running() {
  return !wait(std::chrono::milliseconds(0)).has_value();
}

std::string Process::stdout_text() const {
  auto text = util::read_file(m_dir / "stdout");
  return text ? *text : std::string();
}

std::string Process::stderr_text() const {
  auto text = util::read_file(m_dir / "stderr");
  return text ? *text : std::string();
}

RunResult run(std::vector<std::string> argv, ProcessOptions options,
              std::chrono::milliseconds deadline) {
  Process process(std::move(argv), std::move(options));
  RunResult result;
  const auto code = process.wait(deadline);
  if (!code) {
    process.signal(SIGKILL);
    process.wait(std::chrono::seconds(10));
    result.exit_code = -1;
  } else {
    result.exit_code = *code;
  }
  result.out = process.stdout_text();
  result.err = process.stderr_text();
  return result;
}

RunResult run_newsmon(std::vector<std::string> arguments, ProcessOptions options,
                      std::chrono::milliseconds deadline) {
  arguments.insert(arguments.begin(), newsmon_executable().string());
  return run(std::move(arguments), std::move(options), deadline);
}

}  // namespace newsmon::test
