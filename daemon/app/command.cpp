#include "daemon/app/command.h"

#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "daemon/app/config.h"
#include "daemon/util/diagnostic.h"
#include "daemon/util/duration.h"
#include "daemon/util/log.h"

namespace newsmon::app {

std::filesystem::path ConfigFile::path() const {
  if (!given.empty()) return given;
  const char* variable = std::getenv(k_config_variable);
  if (variable != nullptr && *variable != '\0') return variable;
  return k_default_config;
}

void add_config_option(CLI::App& command, ConfigFile& config) {
  command
      .add_option("-c,--config", config.given,
                  fmt::format("configuration file (default: ${}, else {})", k_config_variable,
                              k_default_config))
      ->type_name("FILE");
}

std::optional<Config> load_config_or_report(const ConfigFile& file, ReportTo report) {
  const auto path = file.path();
  auto loaded = load_config(path);
  if (loaded.errors.empty()) return std::move(loaded.config);
  // In the journal each line needs its priority; elsewhere they read as a compiler's.
  const bool to_journal = report == ReportTo::log && util::stderr_is_journal();
  if (to_journal) {
    for (const auto& error : loaded.errors) spdlog::error("{}", error.format());
  } else {
    print_stderr(loaded.errors);
  }
  std::error_code ignored;
  if (path == k_default_config && !std::filesystem::exists(path, ignored)) {
    const auto hint =
        fmt::format("name the configuration file with --config FILE or {}", k_config_variable);
    if (to_journal) {
      spdlog::error("{}", hint);
    } else {
      print_stderr("", hint);
    }
  }
  return std::nullopt;
}

DurationArgument::DurationArgument(std::string_view default_text)
    : text(default_text), value(util::parse_duration(default_text).value()) {}

CLI::Option* add_duration_option(CLI::App& command, const std::string& name,
                                 DurationArgument& target, const std::string& help) {
  const CLI::Validator is_duration(
      [](const std::string& text) {
        auto parsed = util::parse_duration(text);
        return parsed ? std::string() : parsed.error().message;
      },
      "");
  return command
      .add_option_function<std::string>(
          name,
          [&target](const std::string& text) {
            target.text = text;
            target.value = util::parse_duration(text).value();
          },
          help)
      ->check(is_duration)
      ->type_name("DURATION")
      ->default_str(target.text);
}

Command dispatch_subcommands(CLI::App& command, std::vector<Command> actions) {
  command.require_subcommand(1);
  for (const Command& action : actions) action.subcommand->fallthrough();
  return {&command, [actions = std::move(actions)] {
            for (const Command& action : actions) {
              if (action.subcommand->parsed()) return action.run();
            }
            return k_usage_exit_code;  // not reached: one subcommand is required
          }};
}

void print_stderr(std::string_view command, std::string_view message) {
  const std::string line = command.empty() ? fmt::format("newsmon: {}\n", message)
                                           : fmt::format("newsmon {}: {}\n", command, message);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void print_stderr(const std::vector<util::Diagnostic>& diagnostics) {
  const std::string text = util::format_all(diagnostics);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

std::string relative_time(std::int64_t at, std::int64_t now) {
  if (at == 0) return "-";
  const auto delta = std::chrono::seconds(at > now ? at - now : now - at);
  if (delta.count() == 0) return "now";
  const auto rounded = delta >= std::chrono::hours(1)
                           ? std::chrono::duration_cast<std::chrono::minutes>(delta)
                           : std::chrono::duration_cast<std::chrono::seconds>(delta);
  const auto text = util::format_duration(rounded);
  return at > now ? "in " + text : text + " ago";
}

}  // namespace newsmon::app
