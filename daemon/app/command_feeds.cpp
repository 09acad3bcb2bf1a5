// `newsmon feeds list | import FILE.opml | export`.
//
// Imported feeds go to a YAML feed list beside the configuration, imported-feeds.yaml,
// which the configuration includes (`- include: imported-feeds.yaml` under `feeds:`; the
// import adds that line when it can). Being part of the configuration, imported feeds
// are polled by the daemon after a reload and survive every later reload.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/opml.h"
#include "daemon/app/store_access.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/util/duration.h"
#include "daemon/util/redact.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "feeds";
constexpr const char* k_import_file = "imported-feeds.yaml";

struct FeedsOptions {
  ConfigFile config;
  std::filesystem::path opml_file;  ///< for import
  bool json = false;                ///< for list
  bool with_credentials = false;    ///< for export: URLs as configured, passwords and tokens too
};

/// The stored state of each configured feed, by configured URL; empty when the database
/// does not exist yet (nothing has been polled).
util::Result<std::map<std::string, store::FeedState>> stored_states(const Config& config) {
  std::map<std::string, store::FeedState> states;
  if (!database_may_exist(config)) return states;
  auto store = open_configured_store(config);
  if (!store) return store.error();
  auto feeds = (*store)->feeds();
  if (!feeds) return feeds.error();
  for (auto& state : *feeds) states.emplace(state.configured_url, std::move(state));
  return states;
}

nlohmann::json to_json(const FeedConfig& feed, const store::FeedState* state) {
  nlohmann::json row = {{"url", util::redact_url(feed.url)}, {"polled", state != nullptr}};
  if (state == nullptr) return row;
  row["polled_url"] = util::redact_url(state->url);
  row["title"] = state->title;
  row["last_poll"] = state->last_poll_at;
  row["result"] = store::poll_result_name(state->last_result);
  row["http_status"] = state->last_http_status;
  row["new_items"] = state->last_new_items;
  row["next_poll"] = state->next_poll_at;
  row["consecutive_failures"] = state->consecutive_failures;
  row["interval_seconds"] = state->interval_seconds;
  row["last_success"] = state->last_success_at;
  row["error"] = util::redact_urls_in(state->last_error);
  return row;
}

int list_feeds(const Config& config, bool json) {
  auto states = stored_states(config);
  if (!states) {
    print_stderr(k_name, "cannot read the feed state: {}", states.error().message);
    return 1;
  }
  const auto now = util::to_epoch_seconds(util::SystemClock().now());
  if (!json) {
    fmt::print("{:<10} {:<15} {:>4} {:>4} {:<10} {:>5}  {}\n", "LAST POLL", "RESULT", "HTTP", "NEW",
               "NEXT POLL", "FAILS", "FEED");
  }
  for (const auto& feed : config.feeds) {
    const auto found = states->find(feed.url);
    const store::FeedState* state = found != states->end() ? &found->second : nullptr;
    const std::string shown_url = util::redact_url(feed.url);
    if (json) {
      fmt::print(
          "{}\n",
          to_json(feed, state).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    if (state == nullptr || state->last_poll_at == 0) {
      fmt::print("{:<10} {:<15} {:>4} {:>4} {:<10} {:>5}  {}\n", "never", "-", "-", "-", "due", "-",
                 shown_url);
      continue;
    }
    fmt::print("{:<10} {:<15} {:>4} {:>4} {:<10} {:>5}  {}\n",
               relative_time(state->last_poll_at, now), store::poll_result_name(state->last_result),
               state->last_http_status, state->last_new_items,
               relative_time(state->next_poll_at, now), state->consecutive_failures, shown_url);
    if (state->url != feed.url) {
      fmt::print("{:>59}polled at {}\n", "", util::redact_url(state->url));
    }
    if (!state->last_error.empty()) {
      fmt::print("{:>59}{}\n", "", util::redact_urls_in(state->last_error));
    }
  }
  return 0;
}

// An export is meant for sharing (another reader, a colleague, a ticket): passwords and
// tokens in feed URLs are shown as *** unless the user asks for them.
int export_feeds(const Config& config, bool with_credentials) {
  auto states = stored_states(config);
  std::vector<OpmlFeed> feeds;
  std::size_t redacted = 0;
  for (const auto& feed : config.feeds) {
    std::string url = with_credentials ? feed.url : util::redact_url(feed.url);
    if (url != feed.url) ++redacted;
    OpmlFeed entry{std::move(url), feed.title, {}, feed.tags, 0};
    if (states) {
      const auto found = states->find(feed.url);
      if (found != states->end()) {
        if (entry.title.empty()) entry.title = found->second.title;
        entry.site_url = found->second.site_link;
      }
    }
    feeds.push_back(std::move(entry));
  }
  fmt::print("{}", write_opml("newsmon feeds", feeds));
  if (redacted > 0) {
    print_stderr(k_name,
                 "{} feed URLs hold a password or a token, exported as ***; "
                 "`newsmon feeds export --with-credentials` keeps them",
                 redacted);
  }
  return 0;
}

std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string yaml_entries(const std::vector<OpmlFeed>& feeds) {
  std::string text;
  for (const auto& feed : feeds) {
    text += "  - url: " + yaml_quoted(feed.url) + "\n";
    if (!feed.title.empty()) text += "    title: " + yaml_quoted(feed.title) + "\n";
    if (!feed.categories.empty()) {
      std::vector<std::string> tags;
      for (const auto& category : feed.categories) tags.push_back(yaml_quoted(category));
      text += "    tags: [" + util::join(tags, ", ") + "]\n";
    }
  }
  return text;
}

bool write_text(const std::filesystem::path& path, const std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  return std::fclose(file) == 0 && written;
}

/// Adds `- include: imported-feeds.yaml` under a block-style `feeds:` of the configuration.
/// Returns false (leaving the file as it was) when the configuration is written another way.
bool add_include(const std::filesystem::path& config_path) {
  auto text = util::read_file(config_path);
  if (!text) return false;
  const auto lines = util::split(*text, '\n');
  std::string updated;
  bool added = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    updated += lines[i];
    if (i + 1 < lines.size()) updated += '\n';
    if (added || util::trim(lines[i]) != "feeds:" || lines[i].front() != 'f') continue;
    std::string indent = "  ";
    if (i + 1 < lines.size()) {
      const auto next = lines[i + 1];
      const auto dash = next.find('-');
      if (dash != std::string_view::npos && util::trim(next.substr(0, dash)).empty()) {
        indent = std::string(next.substr(0, dash));
      }
    }
    updated += indent + "- include: " + k_import_file + "\n";
    added = true;
  }
  if (!added || !write_text(config_path, updated)) return false;
  if (load_config(config_path).errors.empty()) return true;
  write_text(config_path, *text);  // the edit broke something: put the file back
  return false;
}

int import_feeds(const Config& config, const std::filesystem::path& opml_path) {
  auto document = read_opml_file(opml_path);
  if (!document) {
    print_stderr(k_name, document.error().message);
    return 1;
  }
  for (const auto& warning : document->warnings) {
    print_stderr(k_name, util::redact_urls_in(warning));
  }
  std::set<std::string> known;
  for (const auto& feed : config.feeds) known.insert(feed.url);
  std::vector<OpmlFeed> fresh;
  for (auto& feed : document->feeds) {
    if (known.insert(feed.url).second) fresh.push_back(std::move(feed));
  }
  const auto skipped = document->feeds.size() - fresh.size();
  const auto target = config.path.parent_path() / k_import_file;
  if (!fresh.empty()) {
    std::string text;
    if (std::filesystem::exists(target)) {
      auto existing = util::read_file(target);
      if (!existing) {
        print_stderr(k_name, existing.error().message);
        return 1;
      }
      text = *existing;
      if (!text.empty() && text.back() != '\n') text += '\n';
    } else {
      text =
          "# Feeds added by `newsmon feeds import`. Edit freely; keep it a YAML feed "
          "list.\nfeeds:\n";
    }
    if (!write_text(target, text + yaml_entries(fresh))) {
      print_stderr(k_name, "cannot write {}: {}", target.string(), std::strerror(errno));
      return 1;
    }
  }
  fmt::print("imported {} feeds from {} into {} ({} already configured)\n", fresh.size(),
             opml_path.string(), target.string(), skipped);
  bool included = false;
  for (const auto& feed : load_config(config.path).config.feeds) {
    std::error_code ignored;
    included = included || std::filesystem::equivalent(feed.source, target, ignored);
  }
  if (!included && !fresh.empty() && !add_include(config.path)) {
    fmt::print(
        "{} does not include {} yet: add `- include: {}` under `feeds:` in it, then reload\n",
        config.path.string(), k_import_file, k_import_file);
    return 0;
  }
  if (!fresh.empty())
    fmt::print("reload the daemon (systemctl reload newsmon) to start polling them\n");
  return 0;
}

// Runs one of feeds' subcommands with the configuration loaded.
Command feeds_subcommand(CLI::App& feeds, const char* name, const char* help,
                         const std::shared_ptr<FeedsOptions>& options,
                         int (*run)(const Config&, const FeedsOptions&)) {
  auto* command = feeds.add_subcommand(name, help);
  return {command, [options, run] {
            const auto config = load_config_or_report(options->config);
            return config ? run(*config, *options) : 1;
          }};
}

}  // namespace

Command add_feeds_command(CLI::App& cli) {
  auto options = std::make_shared<FeedsOptions>();
  auto* command = cli.add_subcommand(k_name, "feed state and OPML import/export");
  add_config_option(*command, options->config);
  const Command actions[] = {
      feeds_subcommand(*command, "list", "show each feed's poll state", options,
                       [](const Config& config, const FeedsOptions& given) {
                         return list_feeds(config, given.json);
                       }),
      feeds_subcommand(*command, "import", "add the feeds of an OPML file", options,
                       [](const Config& config, const FeedsOptions& given) {
                         return import_feeds(config, given.opml_file);
                       }),
      feeds_subcommand(*command, "export", "print the feeds as OPML", options,
                       [](const Config& config, const FeedsOptions& given) {
                         return export_feeds(config, given.with_credentials);
                       }),
  };
  actions[0].subcommand->add_flag("--json", options->json, "one JSON object per line");
  actions[2].subcommand->add_flag(
      "--with-credentials", options->with_credentials,
      "keep passwords and tokens in feed URLs (by default shown as ***, for sharing)");
  actions[1]
      .subcommand->add_option("file", options->opml_file, "OPML file")
      ->type_name("FILE.opml")
      ->required();
  return dispatch_subcommands(*command, {actions, actions + 3});
}

}  // namespace newsmon::app
