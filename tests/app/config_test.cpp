#include <catch2/catch.hpp>

#include "daemon/app/config.h"
#include "tests/support/paths.h"

using namespace std::chrono_literals;
using newsmon::app::load_config;
using newsmon::test::TempDir;
using newsmon::test::write_file;

namespace {

std::string all_messages(const newsmon::app::ConfigResult& result) {
  std::string out;
  for (const auto& error : result.errors) out += error.format() + "\n";
  return out;
}

}  // namespace

TEST_CASE("A full configuration is read with relative paths resolved", "[app][config]") {
  TempDir dir;
  write_file(dir / "feeds.yaml", R"(
- url: https://example.org/a.xml
- url: https://example.org/b.xml
  every: 5m
)");
  write_file(dir / "newsmon.yaml", R"yaml(
database: state/newsmon.db
rules: [rules, extra.yaml]
log_level: debug
feeds:
  - url: https://www.example.org/world/rss.xml
    every: 10m
    tags: [world]
  - include: feeds.yaml
webhooks:
  - name: analysts
    url: https://hooks.example.org/newsmon
    secret: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, file:secret.txt]
    format: slack
    topics: [arms_transfer]
    rules: ["arms-*"]
    min_severity: high
    max_per_second: 1
    retry: [5s, 1m]
http: {user_agent: "newsmon/0.1 (+ops@example.org)", timeout: 20s, max_body: 4MiB, max_connections: 32, per_host: 3}
schedule: {min_interval: 1m, default_interval: 10m, max_interval: 2h}
alerts: {cluster_window: 24h, similarity_bits: 4}
metrics: {listen: 127.0.0.1:9464}
)yaml");
  const auto result = load_config(dir / "newsmon.yaml");
  INFO(all_messages(result));
  REQUIRE(result.errors.empty());
  const auto& config = result.config;
  CHECK(config.database == dir.path() / "state" / "newsmon.db");
  REQUIRE(config.rules.size() == 2);
  CHECK(config.rules[0] == dir.path() / "rules");
  CHECK(config.log_level == newsmon::util::LogLevel::debug);
  REQUIRE(config.feeds.size() == 3);
  CHECK(config.feeds[0].every == std::chrono::seconds(600));
  CHECK(config.feeds[0].tags == std::vector<std::string>{"world"});
  CHECK(config.feeds[2].url == "https://example.org/b.xml");
  CHECK(config.feeds[2].source == dir.path() / "feeds.yaml");
  REQUIRE(config.webhooks.size() == 1);
  const auto& hook = config.webhooks[0];
  CHECK(hook.format == newsmon::alert::Format::slack);
  CHECK(hook.secrets[1] == "file:" + (dir.path() / "secret.txt").string());
  CHECK(hook.min_severity == newsmon::rules::Severity::high);
  CHECK(hook.max_per_second == 1.0);
  CHECK(hook.retry_schedule == std::vector<std::chrono::seconds>{5s, 60s});
  CHECK(config.http.max_body == 4u << 20);
  CHECK(config.http.per_host == 3);
  CHECK(config.schedule.min_interval == 60s);
  CHECK(config.alerts.cluster_window == 24h);
  CHECK(config.alerts.similarity_bits == 4);
  CHECK(config.metrics.listen == "127.0.0.1:9464");
}

TEST_CASE("Unknown keys and bad values are reported with line and column", "[app][config]") {
  TempDir dir;
  write_file(dir / "newsmon.yaml",
             "rules: [rules]\n"
             "databse: x.db\n"
             "schedule: {min_interval: 10}\n"
             "http:\n"
             "  max_body: 8 MiB\n"
             "feeds:\n"
             "  - url: ftp://example.org/feed\n");
  const auto result = load_config(dir / "newsmon.yaml");
  const auto messages = all_messages(result);
  INFO(messages);
  REQUIRE(result.errors.size() == 4);
  CHECK(result.errors[0].line == 2);
  CHECK(result.errors[0].column == 1);
  CHECK(result.errors[0].message.find("unknown key 'databse'") != std::string::npos);
  CHECK(messages.find("newsmon.yaml:2:1: error: unknown key 'databse'") != std::string::npos);
  CHECK(messages.find("newsmon.yaml:3:") != std::string::npos);
  CHECK(messages.find("has no unit") != std::string::npos);
  CHECK(messages.find("newsmon.yaml:5:13:") != std::string::npos);
  CHECK(messages.find("'ftp://example.org/feed' is not an http:// or https:// URL") !=
        std::string::npos);
}

TEST_CASE("A YAML syntax error names the file, line and column", "[app][config]") {
  TempDir dir;
  write_file(dir / "newsmon.yaml", "rules: [rules\nfeeds: []\n");
  const auto result = load_config(dir / "newsmon.yaml");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].line >= 1);
  CHECK(result.errors[0].message.find("YAML syntax") != std::string::npos);
}

TEST_CASE("file:// feeds need allow_file_urls and resolve against the configuration",
          "[app][config]") {
  TempDir dir;
  SECTION("refused without the switch") {
    write_file(dir / "newsmon.yaml", "rules: [r]\nfeeds:\n  - url: file:demo/world.xml\n");
    const auto result = load_config(dir / "newsmon.yaml");
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].line == 3);
    CHECK(result.errors[0].message.find("allow_file_urls: true") != std::string::npos);
  }
  SECTION("accepted with it") {
    write_file(dir / "newsmon.yaml",
               "rules: [r]\nallow_file_urls: true\nfeeds:\n  - url: file:demo/world.xml\n");
    const auto result = load_config(dir / "newsmon.yaml");
    REQUIRE(result.errors.empty());
    CHECK(result.config.feeds[0].url == "file://" + (dir.path() / "demo" / "world.xml").string());
  }
}

TEST_CASE("A feed listed twice and a missing include are errors", "[app][config]") {
  TempDir dir;
  write_file(dir / "newsmon.yaml",
             "rules: [r]\nfeeds:\n"
             "  - url: https://example.org/a\n"
             "  - https://example.org/a\n"
             "  - include: missing.yaml\n");
  const auto result = load_config(dir / "newsmon.yaml");
  const auto messages = all_messages(result);
  INFO(messages);
  CHECK(messages.find("listed twice") != std::string::npos);
  CHECK(messages.find("missing.yaml: cannot open") != std::string::npos);
}

TEST_CASE("A missing configuration file is one clear error", "[app][config]") {
  TempDir dir;
  const auto result = load_config(dir / "nope.yaml");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message.find("cannot open") != std::string::npos);
}

TEST_CASE("An OPML file can be included as a feed list", "[app][config]") {
  TempDir dir;
  write_file(dir / "list.opml", R"(<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Defence">
    <outline type="rss" text="Defence Wire" xmlUrl="https://wire.example.net/atom.xml"/>
  </outline>
  <outline type="rss" text="World" xmlUrl="https://news.example.org/world.xml"/>
</body></opml>
)");
  write_file(dir / "newsmon.yaml", "rules: [r]\nfeeds:\n  - include: list.opml\n");
  const auto result = load_config(dir / "newsmon.yaml");
  INFO(all_messages(result));
  REQUIRE(result.errors.empty());
  REQUIRE(result.config.feeds.size() == 2);
  CHECK(result.config.feeds[0].url == "https://wire.example.net/atom.xml");
  CHECK(result.config.feeds[0].title == "Defence Wire");
  CHECK(result.config.feeds[0].tags == std::vector<std::string>{"Defence"});
  CHECK(result.config.feeds[0].source == dir.path() / "list.opml");
}

TEST_CASE("http.ca_file is resolved, checked, and passed to the HTTP client", "[app][config]") {
  TempDir dir;
  const std::string pem =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";  // not parsed here
  SECTION("a readable PEM file is accepted, relative to the configuration") {
    write_file(dir / "certs" / "ca.pem", pem);
    write_file(dir / "newsmon.yaml", "rules: [r]\nhttp:\n  ca_file: certs/ca.pem\n");
    const auto result = load_config(dir / "newsmon.yaml");
    INFO(all_messages(result));
    REQUIRE(result.errors.empty());
    CHECK(result.config.http.ca_file == dir.path() / "certs" / "ca.pem");
    CHECK(newsmon::app::client_options(result.config.http).ca_file ==
          (dir.path() / "certs" / "ca.pem").string());
  }
  SECTION("none by default: the system's CA certificates") {
    write_file(dir / "newsmon.yaml", "rules: [r]\n");
    const auto result = load_config(dir / "newsmon.yaml");
    REQUIRE(result.errors.empty());
    CHECK(result.config.http.ca_file.empty());
    CHECK(newsmon::app::client_options(result.config.http).ca_file.empty());
  }
  SECTION("a missing file names the configuration, the line and the key") {
    write_file(dir / "newsmon.yaml", "rules: [r]\nhttp:\n  ca_file: certs/missing.pem\n");
    const auto result = load_config(dir / "newsmon.yaml");
    const auto messages = all_messages(result);
    INFO(messages);
    REQUIRE(result.errors.size() == 1);
    CHECK(messages.find("newsmon.yaml:3:12: error: http.ca_file: ") != std::string::npos);
    CHECK(messages.find("missing.pem: cannot open") != std::string::npos);
  }
  SECTION("a file or folder without a PEM certificate is refused") {
    write_file(dir / "key.pem", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
    std::filesystem::create_directories(dir / "certs");
    for (const std::string name : {"key.pem", "certs"}) {
      write_file(dir / "newsmon.yaml", "rules: [r]\nhttp: {ca_file: " + name + "}\n");
      const auto result = load_config(dir / "newsmon.yaml");
      const auto messages = all_messages(result);
      INFO(messages);
      REQUIRE(result.errors.size() == 1);
      CHECK(messages.find("newsmon.yaml:2:") != std::string::npos);
      CHECK(messages.find("http.ca_file: " + (dir.path() / name).string() +
                          " holds no PEM certificate") != std::string::npos);
    }
  }
  SECTION("it must be text") {
    write_file(dir / "newsmon.yaml", "rules: [r]\nhttp: {ca_file: [a.pem]}\n");
    const auto result = load_config(dir / "newsmon.yaml");
    INFO(all_messages(result));
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].message.find("http.ca_file") != std::string::npos);
  }
}

TEST_CASE("instance names this daemon among those sharing the database", "[app][config]") {
  TempDir dir;
  SECTION("a valid name is kept") {
    write_file(dir / "newsmon.yaml", "instance: news-1.desk_a\nrules: []\nfeeds: []\n");
    const auto result = load_config(dir / "newsmon.yaml");
    REQUIRE(result.errors.empty());
    CHECK(result.config.instance == "news-1.desk_a");
  }
  SECTION("without one the daemon makes its own") {
    write_file(dir / "newsmon.yaml", "rules: []\nfeeds: []\n");
    CHECK(load_config(dir / "newsmon.yaml").config.instance.empty());
  }
  SECTION("a name with a space is an error at its place") {
    write_file(dir / "newsmon.yaml", "rules: []\nfeeds: []\ninstance: news 1\n");
    const auto result = load_config(dir / "newsmon.yaml");
    CHECK_THAT(all_messages(result), Catch::Contains("newsmon.yaml:3:11: error: instance: a name "
                                                     "of 1 to 100 letters"));
  }
}
