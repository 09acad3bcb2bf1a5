#include "daemon/app/config.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/app/config_sections.h"
#include "daemon/app/opml.h"
#include "daemon/store/store.h"
#include "daemon/util/ascii.h"
#include "daemon/util/redact.h"
#include "daemon/util/text.h"
#include "daemon/util/url.h"
#include "daemon/util/yaml_reader.h"

namespace newsmon::app {
namespace {

using std::chrono::seconds;
using util::SingleValue;
using util::YamlReader;

constexpr int k_max_include_depth = 4;

constexpr std::array<std::string_view, 13> k_top_keys{"database",        "database_password",
                                                      "rules",           "feeds",
                                                      "webhooks",        "http",
                                                      "schedule",        "alerts",
                                                      "metrics",         "log_level",
                                                      "allow_file_urls", "web",
                                                      "instance"};
constexpr std::array<std::string_view, 4> k_feed_keys{"url", "every", "tags", "title"};
constexpr std::array<std::string_view, 1> k_include_keys{"include"};
constexpr std::array<std::string_view, 1> k_feed_list_keys{"feeds"};
constexpr std::array<std::string_view, 2> k_rules_keys{"paths", "max_compiled"};
constexpr std::uint64_t k_min_rules_max_compiled = std::uint64_t{1} << 20;

// Reads the configuration and the feed lists it includes into one Config.
class ConfigLoader {
 public:
  explicit ConfigLoader(Config& config) : m_config(config) {}

  void load_main(const std::filesystem::path& path);
  std::vector<util::Diagnostic> take_errors() { return std::move(m_errors); }

 private:
  void read_top(YamlReader& reader, const YAML::Node& root);
  void read_paths(YamlReader& reader, const YAML::Node& root, const util::YamlMap& top);
  void read_rules(YamlReader& reader, const YAML::Node& rules);
  void read_webhooks(YamlReader& reader, const YAML::Node& list);
  void read_feeds(YamlReader& reader, const YAML::Node& list, int depth);
  void read_feed(YamlReader& reader, const YAML::Node& node);
  void read_include(YamlReader& reader, const YAML::Node& node, int depth);
  void read_included_file(const std::filesystem::path& path, std::string text, int depth);
  void read_opml_include(YamlReader& reader, const YAML::Node& node,
                         const std::filesystem::path& path);
  void check_feed_urls();
  std::string resolve_feed_url(YamlReader& reader, const YAML::Node& node, const std::string& url);

  Config& m_config;
  std::vector<util::Diagnostic> m_errors;      // every reader's, in reading order
  std::vector<util::Diagnostic> m_file_sites;  // where file: URLs were used
};

std::optional<std::string> read_text(const std::filesystem::path& path,
                                     std::vector<util::Diagnostic>& errors) {
  auto text = util::read_file(path);
  if (!text) {
    errors.push_back(
        {path, 0, 0, text.error().message + ": check the path and its permissions", {}});
    return std::nullopt;
  }
  return std::move(*text);
}

void ConfigLoader::load_main(const std::filesystem::path& path) {
  m_config.path = path;
  auto text = read_text(path, m_errors);
  if (!text) return;
  YamlReader reader(path, std::move(*text), m_errors);
  if (auto root = reader.parse()) {
    if (root->IsNull()) {
      reader.error_in_file(
          "the configuration file is empty: it needs at least `database`, `rules` and `feeds`");
    } else {
      read_top(reader, *root);
    }
  }
  check_feed_urls();
}

void ConfigLoader::read_top(YamlReader& reader, const YAML::Node& root) {
  const auto top = reader.map(root, "the configuration", k_top_keys);
  if (!top) return;
  read_paths(reader, root, *top);
  top->with("http",
            [&](const YAML::Node& node) { detail::read_http(reader, node, m_config.http); });
  top->with("allow_file_urls", [&](const YAML::Node& node) {
    if (auto value = reader.boolean(node, "allow_file_urls")) {
      m_config.http.allow_file_urls = *value;
    }
  });
  top->with("feeds", [&](const YAML::Node& node) { read_feeds(reader, node, 0); });
  top->with("webhooks", [&](const YAML::Node& node) { read_webhooks(reader, node); });
  top->with("schedule", [&](const YAML::Node& node) {
    detail::read_schedule(reader, node, m_config.schedule);
  });
  top->with("alerts",
            [&](const YAML::Node& node) { detail::read_alerts(reader, node, m_config.alerts); });
  top->with("metrics",
            [&](const YAML::Node& node) { detail::read_metrics(reader, node, m_config.metrics); });
  top->with("web", [&](const YAML::Node& node) { detail::read_web(reader, node, m_config.web); });
  top->with("instance", [&](const YAML::Node& node) {
    if (auto name = reader.string(node, "instance")) {
      if (!valid_instance_name(*name)) {
        return reader.error(node,
                            "instance: a name of 1 to 100 letters, digits, '.', '_', ':' or '-', "
                            "unique among the daemons sharing the database (say, the host's name)");
      }
      m_config.instance = *name;
    }
  });
  top->with("log_level", [&](const YAML::Node& node) {
    if (auto level = reader.choice(node, "log_level", util::k_log_level_names)) {
      m_config.log_level = *level;
    }
  });
}

void ConfigLoader::read_paths(YamlReader& reader, const YAML::Node& root,
                              const util::YamlMap& top) {
  m_config.database = reader.resolve_path("newsmon.db");
  top.with("database", [&](const YAML::Node& node) {
    if (auto text = reader.string(node, "database")) {
      const bool as_written = *text == ":memory:" || store::is_postgres_url(*text);
      m_config.database = as_written ? std::filesystem::path(*text) : reader.resolve_path(*text);
    }
  });
  top.with("database_password", [&](const YAML::Node& node) {
    if (auto text = reader.string(node, "database_password")) {
      if (!text->starts_with("env:") && !text->starts_with("file:") &&
          !text->starts_with("credential:")) {
        return reader.error(node,
                            "database_password: give where the password comes from: env:NAME, "
                            "file:PATH or credential:NAME, never the password itself");
      }
      m_config.database_password = *text;
    }
  });
  const auto* rules = top.find("rules");
  if (!rules) {
    return reader.error(root, "no `rules:` given: list the rule files or folders to load");
  }
  read_rules(reader, *rules);
}

// `rules: [PATH...]` (or one path), or `rules: {paths: [PATH...], max_compiled: SIZE}`.
void ConfigLoader::read_rules(YamlReader& reader, const YAML::Node& rules) {
  const YAML::Node* paths_node = &rules;
  std::optional<util::YamlMap> keys;
  if (rules.IsMap()) {
    keys = reader.map(rules, "rules", k_rules_keys);
    paths_node = keys ? keys->find("paths") : nullptr;
    if (keys && !paths_node)
      reader.error(rules, "rules: needs `paths:`, the rule files or folders");
    if (keys)
      keys->with("max_compiled", [&](const YAML::Node& node) {
        const auto size = reader.size(node, "rules.max_compiled");
        if (size && *size < k_min_rules_max_compiled) {
          reader.error(node, "rules.max_compiled: at least 1MiB (the default is 256MiB)");
        } else if (size) {
          m_config.rules_max_compiled = *size;
        }
      });
  }
  if (paths_node == nullptr) return;
  const auto paths = reader.strings(*paths_node, "rules", SingleValue::allowed);
  for (const auto& path : paths.value_or(std::vector<std::string>{})) {
    m_config.rules.push_back(reader.resolve_path(path));
  }
}

void ConfigLoader::read_webhooks(YamlReader& reader, const YAML::Node& list) {
  if (!list.IsSequence()) {
    return reader.error(
        list, "webhooks must be a list of endpoints, each with at least `name` and `url`");
  }
  for (const auto& element : list) {
    if (auto endpoint =
            detail::read_webhook(reader, element, m_config.webhooks, m_config.filter_sites)) {
      m_config.webhooks.push_back(std::move(*endpoint));
    }
  }
}

void ConfigLoader::read_feeds(YamlReader& reader, const YAML::Node& list, int depth) {
  if (!list.IsSequence()) {
    reader.error(list, "feeds must be a list: `- url: https://...` or `- include: FILE`");
    return;
  }
  for (const auto& element : list) {
    if (element.IsMap() && element["include"]) {
      read_include(reader, element, depth);
    } else {
      read_feed(reader, element);
    }
  }
}

void ConfigLoader::read_feed(YamlReader& reader, const YAML::Node& node) {
  FeedConfig feed;
  feed.source = reader.file();
  feed.line = node.Mark().line + 1;
  if (node.IsScalar()) {  // a bare URL
    feed.url = resolve_feed_url(reader, node, node.Scalar());
    m_config.feeds.push_back(std::move(feed));
    return;
  }
  const auto keys = reader.map(node, "a feed", k_feed_keys);
  if (!keys) return;
  const auto* url_node = keys->find("url");
  if (!url_node) return reader.error(node, "a feed needs a `url:`");
  auto url = reader.string(*url_node, "url");
  if (!url) return;
  feed.url = resolve_feed_url(reader, *url_node, *url);
  keys->with("every", [&](const YAML::Node& every) {
    const auto value = reader.duration(every, "every");
    if (value && *value < seconds(1)) {
      reader.error(every, "every: a feed is polled at most once a second");
    } else if (value) {
      feed.every = std::chrono::duration_cast<seconds>(*value);
    }
  });
  keys->with("tags", [&](const YAML::Node& tags) {
    if (auto values = reader.strings(tags, "tags", SingleValue::allowed)) feed.tags = *values;
  });
  keys->with("title", [&](const YAML::Node& title) {
    if (auto text = reader.string(title, "title")) feed.title = *text;
  });
  m_config.feeds.push_back(std::move(feed));
}

void ConfigLoader::read_include(YamlReader& reader, const YAML::Node& node, int depth) {
  const auto keys = reader.map(node, "an include", k_include_keys);
  const auto* include = keys ? keys->find("include") : nullptr;
  if (!include) return;
  auto path_text = reader.string(*include, "include");
  if (!path_text) return;
  const auto path = reader.resolve_path(*path_text);
  if (depth >= k_max_include_depth) {
    reader.error(*include, fmt::format("includes nest deeper than {} levels", k_max_include_depth));
    return;
  }
  if (util::to_lower_ascii(path.extension().string()) == ".opml") {
    read_opml_include(reader, *include, path);
    return;
  }
  std::vector<util::Diagnostic> errors;
  auto text = read_text(path, errors);
  if (!text) return reader.error(*include, errors.front().message);
  read_included_file(path, std::move(*text), depth + 1);
}

void ConfigLoader::read_included_file(const std::filesystem::path& path, std::string text,
                                      int depth) {
  YamlReader included(path, std::move(text), m_errors);
  const auto root = included.parse();
  if (!root || root->IsNull()) return;
  if (!root->IsMap()) return read_feeds(included, *root, depth);
  const auto keys = included.map(*root, "a feed list", k_feed_list_keys);
  const auto* feeds = keys ? keys->find("feeds") : nullptr;
  if (feeds) read_feeds(included, *feeds, depth);
}

void ConfigLoader::read_opml_include(YamlReader& reader, const YAML::Node& node,
                                     const std::filesystem::path& path) {
  auto document = read_opml_file(path);
  if (!document) {
    reader.error(node, document.error().message);
    return;
  }
  for (const auto& warning : document->warnings) spdlog::warn("{}", util::redact_urls_in(warning));
  for (auto& outline : document->feeds) {
    const auto scheme = util::url_scheme(outline.url);
    if (scheme != "http" && scheme != "https") {
      m_errors.push_back({path,
                          outline.line,
                          0,
                          fmt::format("'{}' is not an http:// or https:// URL", outline.url),
                          {}});
      continue;
    }
    FeedConfig feed;
    feed.url = std::move(outline.url);
    feed.title = std::move(outline.title);
    feed.tags = std::move(outline.categories);
    feed.source = path;
    feed.line = outline.line;
    m_config.feeds.push_back(std::move(feed));
  }
}

std::string ConfigLoader::resolve_feed_url(YamlReader& reader, const YAML::Node& node,
                                           const std::string& url) {
  const std::string scheme = util::url_scheme(url);
  if (url.starts_with("file:") && !url.starts_with("file://")) {
    // "file:demo/world.xml" names a file beside the configuration.
    m_file_sites.push_back(reader.at(node, {}));
    return "file://" + reader.resolve_path(url.substr(5)).string();
  }
  if (scheme == "file") {
    m_file_sites.push_back(reader.at(node, {}));
    return url;
  }
  if (scheme != "http" && scheme != "https") {
    reader.error(node, fmt::format("'{}' is not an http:// or https:// URL", url));
  }
  return url;
}

void ConfigLoader::check_feed_urls() {
  if (!m_config.http.allow_file_urls) {
    for (auto& site : m_file_sites) {
      site.message =
          "file:// feeds are only read when the configuration says `allow_file_urls: true`";
      m_errors.push_back(site);
    }
  }
  std::map<std::string, const FeedConfig*> seen;
  for (const auto& feed : m_config.feeds) {
    auto [it, inserted] = seen.emplace(feed.url, &feed);
    if (!inserted) {
      m_errors.push_back({feed.source,
                          feed.line,
                          0,
                          fmt::format("feed {} is listed twice (first in {}:{}); remove one",
                                      feed.url, it->second->source.string(), it->second->line),
                          {}});
    }
  }
}

}  // namespace

std::vector<util::Diagnostic> check_routing(const Config& config,
                                            const std::vector<rules::RuleSummary>& rules) {
  std::vector<util::Diagnostic> errors;
  for (std::size_t webhook = 0; webhook < config.webhooks.size(); ++webhook) {
    for (auto& problem : alert::check_filters(config.webhooks[webhook], rules)) {
      util::Diagnostic diagnostic{config.path, 0, 0, problem.message, {}};
      for (const auto& site : config.filter_sites) {
        if (site.webhook == webhook && site.kind == problem.kind && site.index == problem.index) {
          diagnostic = site.where;
          diagnostic.message = std::move(problem.message);
        }
      }
      errors.push_back(std::move(diagnostic));
    }
  }
  return errors;
}

alert::SilenceNames silence_names(const Config& config,
                                  const std::vector<rules::RuleSummary>& rules) {
  std::vector<std::string> feeds;
  for (const auto& feed : config.feeds) feeds.push_back(feed.url);
  std::vector<std::string> endpoints;
  for (const auto& webhook : config.webhooks) endpoints.push_back(webhook.name);
  return alert::silence_names(rules, std::move(feeds), std::move(endpoints));
}

bool valid_instance_name(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return util::is_ascii_alnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
  });
}

rules::LoadOptions rule_load_options(const Config& config) {
  rules::LoadOptions options;
  options.max_compiled = static_cast<std::size_t>(config.rules_max_compiled);
  return options;
}

ConfigResult load_config(const std::filesystem::path& path) {
  ConfigResult result;
  ConfigLoader loader(result.config);
  loader.load_main(std::filesystem::absolute(path).lexically_normal());
  result.errors = loader.take_errors();
  return result;
}

}  // namespace newsmon::app
