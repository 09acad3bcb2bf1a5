// `newsmon silence add | list | expire ID`: holding alerts back for a while. A silence is
// stored in the database, where the running daemon reads it within seconds (no reload).
//
//   newsmon silence add --rule 'alliance-*' --for 24h --comment "summit week"
//   newsmon silence list [--active] [--json]
//   newsmon silence expire 3

#include <cstdlib>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/alert/payload_text.h"
#include "daemon/alert/silences.h"
#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/store_access.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/redact.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

using json = nlohmann::ordered_json;
namespace text = alert::text;

constexpr const char* k_name = "silence";

struct SilenceOptions {
  ConfigFile config;
  store::SilenceMatchers matchers;  ///< add
  DurationArgument duration{"24h"};
  std::string comment;
  bool active_only = false;  ///< list
  bool json = false;
  std::int64_t id = 0;  ///< expire
};

store::Epoch now() {
  return util::to_epoch_seconds(util::SystemClock().now());
}

std::string author() {
  for (const char* variable : {"SUDO_USER", "USER", "LOGNAME"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return value;
  }
  return {};
}

// A matcher that can never hold is a mistake: say so, with the nearest name.
bool matchers_valid(const store::SilenceMatchers& matchers, const Config& config) {
  const auto names =
      silence_names(config, rules::load_rules(config.rules, rule_load_options(config)).summaries);
  const auto mistakes = alert::silence_mistakes(
      matchers, names, [](std::string_view matcher) { return fmt::format("--{}", matcher); });
  for (const auto& mistake : mistakes)
    print_stderr("silence add", "{}", util::redact_urls_in(mistake));
  return mistakes.empty();
}

std::string matchers_text(const store::SilenceMatchers& matchers) {
  std::vector<std::string> parts;
  const auto add = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) parts.push_back(fmt::format("{} {}", name, value));
  };
  add("rule", matchers.rule_glob);
  add("topic", matchers.topic);
  add("feed", matchers.feed_glob);
  add("endpoint", matchers.endpoint);
  if (!matchers.query.empty()) parts.push_back(fmt::format("query '{}'", matchers.query));
  return util::join(parts, ", ");
}

util::Result<std::unique_ptr<store::Store>> open_store(const Config& config, store::Access access) {
  return open_configured_store(config, access);
}

int add_silence(const Config& config, const SilenceOptions& options) {
  if (!matchers_valid(options.matchers, config)) return k_usage_exit_code;
  auto store = open_store(config, store::Access::read_write);
  if (!store) return print_stderr(k_name, store.error().message), 1;
  const store::Epoch at = now();
  const auto length = std::chrono::duration_cast<std::chrono::seconds>(options.duration.value);
  const store::NewSilence silence{options.matchers, options.comment, author(), at,
                                  at + length.count()};
  auto id = (*store)->add_silence(silence, at);
  if (!id) return print_stderr(k_name, id.error().message), 1;
  fmt::print("silence {} holds {} until {}; a running newsmon applies it within seconds\n", *id,
             matchers_text(options.matchers), text::short_time(silence.ends_at));
  return 0;
}

std::string state_text(const store::Silence& silence, store::Epoch at) {
  if (silence.active_at(at)) return "active until " + text::short_time(silence.ends_at);
  if (silence.starts_at > at) return "starts " + text::short_time(silence.starts_at);
  return (silence.expired_at ? "expired by hand " : "expired ") + text::short_time(silence.ends_at);
}

json silence_json(const store::Silence& silence, store::Epoch at) {
  const auto& matchers = silence.matchers;
  const auto or_null = [](const std::string& value) {
    return value.empty() ? json() : json(value);
  };
  return {
      {"id", silence.id},
      {"active", silence.active_at(at)},
      {"rule", or_null(matchers.rule_glob)},
      {"topic", or_null(matchers.topic)},
      {"feed", or_null(matchers.feed_glob)},
      {"endpoint", or_null(matchers.endpoint)},
      {"query", or_null(matchers.query)},
      {"comment", silence.comment},
      {"created_by", silence.created_by},
      {"created_at", util::format_rfc3339(silence.created_at)},
      {"starts_at", util::format_rfc3339(silence.starts_at)},
      {"ends_at", util::format_rfc3339(silence.ends_at)},
      {"expired_at", silence.expired_at ? json(util::format_rfc3339(*silence.expired_at)) : json()},
      {"held_deliveries", silence.held_deliveries}};
}

void print_silence(const store::Silence& silence, store::Epoch at) {
  fmt::print("silence {}  {}  {}  (held {} message{})\n", silence.id, state_text(silence, at),
             matchers_text(silence.matchers), silence.held_deliveries,
             silence.held_deliveries == 1 ? "" : "s");
  std::string by = silence.created_by.empty() ? "" : " by " + silence.created_by;
  fmt::print("    {}created {}{}\n", silence.comment.empty() ? "" : "\"" + silence.comment + "\", ",
             text::short_time(silence.created_at), by);
}

int list_silences(const Config& config, const SilenceOptions& options) {
  if (!database_may_exist(config)) {
    if (!options.json) fmt::print("no silences\n");
    return 0;
  }
  auto store = open_store(config, store::Access::read_only);
  if (!store) return print_stderr(k_name, store.error().message), 1;
  const store::Epoch at = now();
  const auto state = options.active_only ? store::SilenceState::active : store::SilenceState::all;
  auto silences = (*store)->silences({state, at, 1000, 0});
  if (!silences) return print_stderr(k_name, silences.error().message), 1;
  for (const auto& silence : *silences) {
    if (options.json) {
      fmt::print("{}\n",
                 silence_json(silence, at).dump(-1, ' ', false, json::error_handler_t::replace));
    } else {
      print_silence(silence, at);
    }
  }
  if (silences->empty() && !options.json) fmt::print("no silences\n");
  return 0;
}

int expire_silence(const Config& config, const SilenceOptions& options) {
  auto store = open_store(config, store::Access::read_write);
  if (!store) return print_stderr(k_name, store.error().message), 1;
  auto expired = (*store)->expire_silence(options.id, now());
  if (!expired) return print_stderr(k_name, expired.error().message), 1;
  if (*expired) {
    fmt::print("silence {} expired; it stays listed\n", options.id);
  } else {
    fmt::print("silence {} had already ended\n", options.id);
  }
  return 0;
}

Command silence_subcommand(CLI::App& silence, const char* name, const char* help,
                           const std::shared_ptr<SilenceOptions>& options,
                           int (*run)(const Config&, const SilenceOptions&)) {
  auto* command = silence.add_subcommand(name, help);
  return {command, [options, run] {
            const auto config = load_config_or_report(options->config);
            return config ? run(*config, *options) : 1;
          }};
}

void add_matcher_options(CLI::App& add, SilenceOptions& options) {
  auto& matchers = options.matchers;
  add.add_option("--rule", matchers.rule_glob, "rule ids ('*' and '?')")->type_name("GLOB");
  add.add_option("--topic", matchers.topic, "a topic of the rule")->type_name("TOPIC");
  add.add_option("--feed", matchers.feed_glob, "feed URLs ('*' and '?')")->type_name("GLOB");
  add.add_option("--endpoint", matchers.endpoint, "a webhook's name")->type_name("NAME");
  add.add_option("--query", matchers.query, "stories the query matches (rule language)")
      ->type_name("QUERY");
  add_duration_option(add, "--for", options.duration, "how long it holds");
  add.add_option("--comment", options.comment, "why, for whoever reads the list")
      ->type_name("TEXT");
}

}  // namespace

Command add_silence_command(CLI::App& cli) {
  auto options = std::make_shared<SilenceOptions>();
  auto* command = cli.add_subcommand(k_name, "hold alerts back for a while: add, list, expire");
  add_config_option(*command, options->config);
  const Command actions[] = {
      silence_subcommand(*command, "add", "add a silence", options, add_silence),
      silence_subcommand(*command, "list", "list silences, expired ones too", options,
                         list_silences),
      silence_subcommand(*command, "expire", "end a silence now", options, expire_silence),
  };
  add_matcher_options(*actions[0].subcommand, *options);
  actions[1].subcommand->add_flag("--active", options->active_only, "only those holding now");
  actions[1].subcommand->add_flag("--json", options->json, "one JSON object per line");
  actions[2]
      .subcommand->add_option("id", options->id, "the silence's number")
      ->type_name("ID")
      ->required();
  return dispatch_subcommands(*command, {actions, actions + 3});
}

}  // namespace newsmon::app
