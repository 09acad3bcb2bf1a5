#include "daemon/app/cli.h"

#include <cctype>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "daemon/app/command.h"
#include "daemon/util/spelling.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

// The subcommands, in the order `newsmon --help` lists them.
constexpr AddCommand k_commands[] = {
    add_run_command,   add_once_command,   add_check_command,   add_match_command,
    add_parse_command, add_alerts_command, add_silence_command, add_backtest_command,
    add_feeds_command, add_status_command, add_migrate_command, add_webhook_echo_command,
};

// "[--since DURATION]", "--rules PATH...", "[FILE...]".
std::string option_usage(const CLI::Option& option) {
  const std::string type = option.get_type_name();  // empty for a flag
  std::string text = option.get_positional() ? type : option.get_name();
  if (!option.get_positional() && !type.empty()) text += " " + type;
  if (option.get_items_expected_max() > 1) text += "...";
  return option.get_required() ? text : "[" + text + "]";
}

enum class OptionKind { named, positional };

void add_options_usage(const CLI::App& command, OptionKind kind, std::vector<std::string>& words) {
  for (const CLI::Option* option : command.get_options()) {
    if (option == command.get_help_ptr() || option == command.get_version_ptr()) continue;
    if (option->get_positional() == (kind == OptionKind::positional)) {
      words.push_back(option_usage(*option));
    }
  }
}

// "feeds list": the names of the subcommands leading to this one.
std::string command_path(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* app = &command; app->get_parent() != nullptr; app = app->get_parent()) {
    names.insert(names.begin(), app->get_name());
  }
  return util::join(names, " ");
}

// What the command accepts: its subcommands, its options and those of the commands it
// passes unknown options to (never the root's), then its positional arguments.
std::string usage_line(const CLI::App& command) {
  std::vector<std::string> words{"usage: newsmon"};
  if (command.get_parent() != nullptr) words.push_back(command_path(command));
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  if (!names.empty()) words.push_back("{" + util::join(names, "|") + "}");
  for (const CLI::App* app = &command; app != nullptr && app->get_parent() != nullptr;
       app = app->get_fallthrough() ? app->get_parent() : nullptr) {
    add_options_usage(*app, OptionKind::named, words);
  }
  add_options_usage(command, OptionKind::positional, words);
  return util::join(words, " ");
}

// The command whose part of the command line was being read: the last subcommand chosen.
const CLI::App& failed_command(const CLI::App& cli) {
  const CLI::App* current = &cli;
  while (!current->get_subcommands().empty()) current = current->get_subcommands().back();
  return *current;
}

// "unknown command 'chek'; did you mean 'check'?" for a word where `command` expects one
// of its subcommands.
std::string unknown_command(const CLI::App& command, const std::string& word) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  const std::string_view closest = util::closest_spelling(word, candidates);
  std::string text = fmt::format("unknown command '{}'", word);
  if (!closest.empty()) text += fmt::format("; did you mean '{}'?", closest);
  return text;
}

// CLI11's words for the problem, in the tone of newsmon's other messages.
std::string problem(const CLI::App& cli, const CLI::App& command, const CLI::ParseError& error,
                    std::string_view first_argument) {
  const bool expects_command = command.get_require_subcommand_min() > 0;
  if (expects_command && command.get_subcommands().empty()) {  // no command chosen
    const auto words = command.remaining();
    if (words.empty()) {
      return &command == &cli ? std::string("say which command to run")
                              : fmt::format("say which '{}' command to run", command_path(command));
    }
    if (words.front().starts_with("-") && &command == &cli) {
      return fmt::format("unknown option '{}'; options go after the command", words.front());
    }
    if (!words.front().starts_with("-")) return unknown_command(command, words.front());
  }
  std::string text = error.what();
  if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) &&
      std::islower(static_cast<unsigned char>(text[1]))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  if (first_argument.starts_with("-")) text += "; options go after the command";
  return text;
}

int usage_error(const CLI::App& cli, const CLI::ParseError& error,
                std::string_view first_argument) {
  const CLI::App& command = failed_command(cli);
  const std::string path = command_path(command);
  print_stderr(path, "{}\n{}\nTry 'newsmon {}{}--help' for more information.",
               problem(cli, command, error, first_argument), usage_line(command), path,
               path.empty() ? "" : " ");
  return k_usage_exit_code;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"newsmon: watches news feeds and alerts on the stories you care about", "newsmon"};
  cli.set_version_flag("--version", NEWSMON_VERSION);
  cli.require_subcommand(1);
  std::vector<Command> commands;
  for (const AddCommand add : k_commands) commands.push_back(add(cli));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::Success& done) {  // --help, --version
    return cli.exit(done);
  } catch (const CLI::ParseError& error) {
    return usage_error(cli, error, argc > 1 ? argv[1] : "");
  }
  for (const Command& command : commands) {
    if (command.subcommand->parsed()) return command.run();
  }
  return k_usage_exit_code;  // not reached: one subcommand is required
}

}  // namespace newsmon::app
