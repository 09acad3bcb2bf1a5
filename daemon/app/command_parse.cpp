// `newsmon parse FILE|URL`: a feed as newsmon reads it, as JSON (docs/feed-formats.md).

#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/feed/json.h"
#include "daemon/feed/parse.h"
#include "daemon/fetch/curl_client.h"
#include "daemon/util/text.h"
#include "daemon/util/url.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "parse";

struct ParseOptions {
  std::string source;        ///< a file path or an http(s) URL
  std::string url;           ///< --url: the address a file came from
  std::string content_type;  ///< --content-type: the HTTP header it came with
  ConfigFile config;         ///< for fetching URLs (user agent, limits)
};

struct Document {
  std::string bytes;
  std::string url;
  std::string content_type;
  std::size_t max_text = feed::ParseOptions{}.max_text;  ///< http.max_body for fetched feeds
};

bool is_web_url(const std::string& source) {
  const std::string scheme = util::url_scheme(source);
  return scheme == "http" || scheme == "https";
}

// The configuration's http settings when the file exists and is valid; defaults otherwise.
HttpConfig http_settings(const std::filesystem::path& config) {
  std::error_code ignored;
  if (!std::filesystem::exists(config, ignored)) return {};
  ConfigResult loaded = load_config(config);
  if (!loaded.errors.empty()) {
    print_stderr(k_name, "{} has errors; using default HTTP settings", config.string());
    return {};
  }
  return loaded.config.http;
}

std::optional<Document> fetch(const ParseOptions& options) {
  const HttpConfig http = http_settings(options.config.path());
  boost::asio::io_context io;
  fetch::CurlClient client(io, client_options(http));
  fetch::Request request;
  request.url = options.source;
  request.headers.emplace_back("Accept",
                               "application/rss+xml, application/atom+xml, application/feed+json, "
                               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8");
  request.limits.connect_timeout = http.connect_timeout;
  request.limits.total_timeout = http.timeout;
  request.limits.max_body = http.max_body;
  request.limits.max_redirects = http.max_redirects;
  std::optional<fetch::Response> response;
  client.start(std::move(request), [&](fetch::Response done) { response = std::move(done); });
  io.run();
  if (!response || response->outcome != fetch::Outcome::completed) {
    print_stderr(k_name, "{}: {}", options.source,
                 response ? response->error : std::string("no response"));
    return std::nullopt;
  }
  if (response->status < 200 || response->status >= 300) {
    print_stderr(k_name, "{}: HTTP status {}", options.source, response->status);
    return std::nullopt;
  }
  Document document{std::move(response->body), response->effective_url,
                    response->header("content-type").value_or(""), http.max_body};
  if (document.url.empty()) document.url = options.source;
  return document;
}

std::optional<Document> read(const ParseOptions& options) {
  if (is_web_url(options.source)) {
    Document fetched;
    if (auto document = fetch(options))
      fetched = std::move(*document);
    else
      return std::nullopt;
    if (!options.url.empty()) fetched.url = options.url;
    if (!options.content_type.empty()) fetched.content_type = options.content_type;
    return fetched;
  }
  auto bytes = util::read_file(options.source);
  if (!bytes) {
    print_stderr(k_name, bytes.error().message);
    return std::nullopt;
  }
  return Document{std::move(*bytes), options.url, options.content_type};
}

int run_parse(const ParseOptions& options) {
  const auto document = read(options);
  if (!document) return 1;
  const feed::ParsedFeed parsed = feed::parse_feed(
      document->bytes, {document->url, document->content_type, document->max_text});
  fmt::print("{}\n", feed::to_json(parsed).dump(2));
  if (!parsed.report.error.empty()) {
    print_stderr(k_name, "{}: {}", options.source, parsed.report.error);
  }
  return parsed.report.is_feed ? 0 : 1;
}

}  // namespace

Command add_parse_command(CLI::App& cli) {
  auto options = std::make_shared<ParseOptions>();
  auto* command = cli.add_subcommand(k_name, "print a parsed feed as JSON");
  command->add_option("source", options->source, "feed file or http(s) URL")
      ->type_name("FILE|URL")
      ->required();
  command->add_option("--url", options->url, "the address the file came from")->type_name("URL");
  command
      ->add_option("--content-type", options->content_type,
                   "the Content-Type header the file came with")
      ->type_name("TYPE");
  add_config_option(*command, options->config);
  return {command, [options] { return run_parse(*options); }};
}

}  // namespace newsmon::app
