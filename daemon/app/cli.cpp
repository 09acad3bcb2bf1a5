#include "daemon/app/cli.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "daemon/app/commands.h"
#include "daemon/util/duration.h"

namespace newsmon::app {
namespace {

// A CLI11 validator for durations as the configuration writes them ("30s", "10m").
const CLI::Validator k_duration_validator(
    [](std::string& text) {
      auto parsed = util::parse_duration(text);
      return parsed ? std::string() : parsed.error().message;
    },
    "DURATION");

void add_config_option(CLI::App& command, std::filesystem::path& config) {
  command.add_option("-c,--config", config, "configuration file")->capture_default_str();
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"newsmon: watches news feeds and alerts on the stories you care about"};
  cli.set_version_flag("--version", NEWSMON_VERSION);
  cli.require_subcommand(1);
  int exit_code = 0;

  RunOptions run;
  auto* run_command = cli.add_subcommand("run", "run the daemon in the foreground");
  add_config_option(*run_command, run.config);
  run_command->callback([&] { exit_code = command_run(run); });

  OnceOptions once;
  std::string deliver_timeout = "30s";
  auto* once_command =
      cli.add_subcommand("once", "poll every feed once, match, store, deliver what is due, exit");
  add_config_option(*once_command, once.config);
  once_command->add_option("--deliver-timeout", deliver_timeout, "how long to wait for deliveries")
      ->check(k_duration_validator)
      ->capture_default_str();
  once_command->callback([&] {
    once.deliver_timeout = util::parse_duration(deliver_timeout).value();
    exit_code = command_once(once);
  });

  CheckOptions check;
  auto* check_command = cli.add_subcommand(
      "check", "validate configuration, feeds and rules, and run the rules' tests");
  auto* check_config = check_command->add_option("-c,--config", check.config, "configuration file")
                           ->capture_default_str();
  check_command
      ->add_option("--rules", check.rules,
                   "check this rule file or folder (repeat, or separate with commas)")
      ->allow_extra_args(false)
      ->delimiter(',');
  check_command->callback([&] {
    check.config_given = check_config->count() > 0;
    exit_code = command_check(check);
  });

  MatchOptions match;
  auto* match_command =
      cli.add_subcommand("match", "classify stories from JSON Lines or feed files (stdin if none)");
  match_command
      ->add_option("--rules", match.rules, "rule file or folder (repeat, or separate with commas)")
      ->required()
      ->allow_extra_args(false)
      ->delimiter(',');
  match_command->add_option("inputs", match.inputs, "JSON Lines or feed files");
  match_command->add_flag("--explain", match.explain, "show what masks and exceptions removed");
  match_command->callback([&] { exit_code = command_match(match); });

  ParseOptions parse;
  auto* parse_command = cli.add_subcommand("parse", "print a parsed feed as JSON");
  parse_command->add_option("source", parse.source, "feed file or http(s) URL")->required();
  parse_command->add_option("--url", parse.url, "the address the file came from");
  parse_command->add_option("--content-type", parse.content_type,
                            "the Content-Type header the file came with");
  add_config_option(*parse_command, parse.config);
  parse_command->callback([&] { exit_code = command_parse(parse); });

  AlertsOptions alerts;
  auto* alerts_command = cli.add_subcommand("alerts", "list stored alerts and their deliveries");
  add_config_option(*alerts_command, alerts.config);
  alerts_command->add_option("--since", alerts.since, "how far back")
      ->check(k_duration_validator)
      ->capture_default_str();
  alerts_command->add_option("--rule", alerts.rule, "only this rule id");
  alerts_command->add_option("--topic", alerts.topic, "only this topic");
  alerts_command->add_flag("--json", alerts.json, "one JSON object per line");
  alerts_command->callback([&] { exit_code = command_alerts(alerts); });

  BacktestOptions backtest;
  auto* backtest_command = cli.add_subcommand(
      "backtest", "run the current rules over stored items and show what would change");
  add_config_option(*backtest_command, backtest.config);
  backtest_command->add_option("--since", backtest.since, "how far back")
      ->check(k_duration_validator)
      ->capture_default_str();
  backtest_command->add_flag("--json", backtest.json, "one JSON object per line");
  backtest_command->callback([&] { exit_code = command_backtest(backtest); });

  FeedsOptions feeds;
  auto* feeds_command = cli.add_subcommand("feeds", "feed state and OPML import/export");
  feeds_command->require_subcommand(1);
  add_config_option(*feeds_command, feeds.config);
  auto* feeds_list = feeds_command->add_subcommand("list", "show each feed's poll state");
  feeds_list->add_flag("--json", feeds.json, "one JSON object per line");
  feeds_list->callback([&] {
    feeds.action = FeedsAction::list;
    exit_code = command_feeds(feeds);
  });
  auto* feeds_import = feeds_command->add_subcommand("import", "add the feeds of an OPML file");
  feeds_import->add_option("file", feeds.opml_file, "OPML file")->required();
  feeds_import->callback([&] {
    feeds.action = FeedsAction::import_opml;
    exit_code = command_feeds(feeds);
  });
  feeds_command->add_subcommand("export", "print the feeds as OPML")->callback([&] {
    feeds.action = FeedsAction::export_opml;
    exit_code = command_feeds(feeds);
  });

  WebhookEchoOptions echo;
  auto* echo_command = cli.add_subcommand(
      "webhook-echo", "receive webhooks, verify their signatures and print their payloads");
  echo_command->add_option("--listen", echo.listen, "address:port to listen on")
      ->capture_default_str();
  echo_command->add_option("--secret", echo.secrets, "whsec_ secret(s) to verify with");
  echo_command->add_option("--max-requests", echo.max_requests, "exit after this many requests");
  echo_command->callback([&] { exit_code = command_webhook_echo(echo); });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error);
  }
  return exit_code;
}

}  // namespace newsmon::app
