#pragma once
// The subcommands of the newsmon executable. Each command_<name>.cpp owns its options,
// adds its subcommand to the command line and says how to run it; run_cli (cli.cpp) lists
// them. What several commands share lives here once: the --config option and how the
// configuration is loaded, duration options, and how a command reports on stderr.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace newsmon::util {
struct Diagnostic;
}

namespace newsmon::app {

struct Config;

/// A subcommand added to the command line, and what runs it once the line is parsed.
struct Command {
  CLI::App* subcommand = nullptr;  ///< owned by the parent CLI::App; chosen when parsed()
  std::function<int()> run;        ///< runs with the parsed options; returns the exit code
};

/// A command made of subcommands (`feeds list`, `silence add`): each takes the parent's
/// options too (`feeds list --config FILE`), and the one given runs. The parent requires
/// one of them.
Command dispatch_subcommands(CLI::App& command, std::vector<Command> actions);

/// Adds one subcommand and its options to `cli`. Defined in command_<name>.cpp.
using AddCommand = Command (*)(CLI::App& cli);

Command add_run_command(CLI::App& cli);
Command add_once_command(CLI::App& cli);
Command add_check_command(CLI::App& cli);
Command add_match_command(CLI::App& cli);
Command add_parse_command(CLI::App& cli);
Command add_alerts_command(CLI::App& cli);
Command add_silence_command(CLI::App& cli);
Command add_backtest_command(CLI::App& cli);
Command add_feeds_command(CLI::App& cli);
Command add_migrate_command(CLI::App& cli);
Command add_webhook_echo_command(CLI::App& cli);
Command add_status_command(CLI::App& cli);

/// The exit code of a command line that cannot be parsed, or asks for the impossible.
inline constexpr int k_usage_exit_code = 2;

inline constexpr const char* k_default_config = "/etc/newsmon/newsmon.yaml";
inline constexpr const char* k_config_variable = "NEWSMON_CONFIG";

/// The configuration file a command reads.
struct ConfigFile {
  std::string given;  ///< --config as written; empty when absent

  /// --config when given, else $NEWSMON_CONFIG when set and not empty, else
  /// /etc/newsmon/newsmon.yaml.
  std::filesystem::path path() const;
};

/// Adds `-c,--config FILE` to the command.
void add_config_option(CLI::App& command, ConfigFile& config);

/// Where a command reports the mistakes of a configuration.
enum class ReportTo {
  terminal,  ///< stderr as they are: commands a person runs
  log,       ///< the daemon: as errors with their priority when stderr is the journal
};

/// Loads the configuration; on any error reports every one (each naming its file once)
/// and returns nullopt.
std::optional<Config> load_config_or_report(const ConfigFile& file,
                                            ReportTo report = ReportTo::terminal);

/// A duration as the configuration writes them ("90s", "24h", "30d"), given on the
/// command line: kept as written, for messages, and as parsed.
struct DurationArgument {
  explicit DurationArgument(std::string_view default_text);
  std::string text;
  std::chrono::milliseconds value;
};

/// Adds `NAME DURATION` to the command. A value that is not a duration is a usage error.
CLI::Option* add_duration_option(CLI::App& command, const std::string& name,
                                 DurationArgument& target, const std::string& help);

/// A moment relative to now, for tables: "3m ago", "in 10s", "now"; "-" for 0 (never).
/// Seconds below an hour, minutes from then on.
std::string relative_time(std::int64_t at, std::int64_t now);

/// Prints "newsmon COMMAND: MESSAGE" on stderr: how every command reports a problem.
void print_stderr(std::string_view command, std::string_view message);

template <typename... Args>
void print_stderr(std::string_view command, fmt::format_string<Args...> format, Args&&... args) {
  print_stderr(command, std::string_view(fmt::format(format, std::forward<Args>(args)...)));
}

/// Prints diagnostics ("FILE:LINE:COL: error: ...", with the source line) on stderr.
void print_stderr(const std::vector<util::Diagnostic>& diagnostics);

}  // namespace newsmon::app
