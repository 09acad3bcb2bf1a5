#pragma once
// The subcommands of the newsmon executable. cli.cpp parses the command line into these
// options; each command lives in its own command_*.cpp and returns the exit code.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace newsmon::app {

inline constexpr const char* k_default_config = "/etc/newsmon/newsmon.yaml";

struct RunOptions {
  std::filesystem::path config = k_default_config;
};

struct OnceOptions {
  std::filesystem::path config = k_default_config;
  std::chrono::milliseconds deliver_timeout{30'000};  ///< how long to wait for due deliveries
};

struct CheckOptions {
  std::filesystem::path config = k_default_config;
  bool config_given = false;                 ///< --config was on the command line
  std::vector<std::filesystem::path> rules;  ///< --rules: check these rule paths (config optional)
};

struct MatchOptions {
  std::vector<std::filesystem::path> rules;   ///< rule files or folders (required)
  std::vector<std::filesystem::path> inputs;  ///< JSON Lines or feed files; stdin when empty
  bool explain = false;                       ///< also report what masks and exceptions removed
};

struct ParseOptions {
  std::string source;        ///< a file path or an http(s) URL
  std::string url;           ///< --url: the address a file came from
  std::string content_type;  ///< --content-type: the HTTP header it came with
  std::filesystem::path config = k_default_config;  ///< for fetching URLs (user agent, limits)
};

struct AlertsOptions {
  std::filesystem::path config = k_default_config;
  std::string since = "24h";
  std::string rule;
  std::string topic;
  bool json = false;
};

struct BacktestOptions {
  std::filesystem::path config = k_default_config;
  std::string since = "30d";
  bool json = false;
};

enum class FeedsAction { list, import_opml, export_opml };

struct FeedsOptions {
  std::filesystem::path config = k_default_config;
  FeedsAction action = FeedsAction::list;
  std::filesystem::path opml_file;  ///< for import
  bool json = false;                ///< for list
};

struct WebhookEchoOptions {
  std::string listen = "127.0.0.1:8787";
  std::vector<std::string> secrets;  ///< whsec_ values (or env:/file:); none = do not verify
  int max_requests = 0;              ///< exit after this many requests; 0 = run until stopped
};

int command_run(const RunOptions& options);
int command_once(const OnceOptions& options);
int command_check(const CheckOptions& options);
int command_match(const MatchOptions& options);
int command_parse(const ParseOptions& options);
int command_alerts(const AlertsOptions& options);
int command_backtest(const BacktestOptions& options);
int command_feeds(const FeedsOptions& options);
int command_webhook_echo(const WebhookEchoOptions& options);

}  // namespace newsmon::app
