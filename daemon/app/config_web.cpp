// The `web:` section: where the console listens and who may use it. A console reachable
// from other machines without `auth` is refused here, so newsmon will not start with one.

#include <array>

#include <fmt/format.h>

#include "daemon/app/config_sections.h"
#include "daemon/util/yaml_reader.h"
#include "daemon/web/http_listener.h"

namespace newsmon::app::detail {
namespace {

using util::YamlReader;

constexpr std::array<std::string_view, 3> k_web_keys{"listen", "auth", "session"};
constexpr std::array<std::string_view, 2> k_auth_keys{"token", "users"};

void read_auth(YamlReader& reader, const YAML::Node& node, web::AuthConfig& auth) {
  const auto keys = reader.map(node, "web.auth", k_auth_keys);
  if (!keys) return;
  keys->with("token", [&](const YAML::Node& value) {
    auto text = reader.string(value, "web.auth.token");
    if (!text) return;
    if (!text->starts_with("env:") && !text->starts_with("file:") &&
        !text->starts_with("credential:")) {
      return reader.error(value,
                          "web.auth.token names where the token is: env:NAME, file:PATH "
                          "or credential:NAME (not the token itself)");
    }
    auth.token = text->starts_with("file:")
                     ? "file:" + reader.resolve_path(text->substr(5)).string()
                     : *text;
  });
  keys->with("users", [&](const YAML::Node& value) {
    if (auto path = reader.string(value, "web.auth.users")) {
      auth.users_file = reader.resolve_path(*path);
    }
  });
  if (!auth.enabled()) reader.error(node, "web.auth needs `token:` or `users:` (or both)");
}

void check_exposure(YamlReader& reader, const YAML::Node& listen, const web::WebConfig& config) {
  const auto address = web::parse_listen_address(config.listen);
  if (!address) return reader.error(listen, "web.listen: " + address.error().message);
  if (web::is_loopback_host(address->first) || config.auth.enabled()) return;
  reader.error(listen, fmt::format("web.listen {} is reachable from other machines, and the "
                                   "console has no `auth`: add web.auth (a token or a users "
                                   "file), or listen on 127.0.0.1",
                                   config.listen));
}

}  // namespace

void read_web(YamlReader& reader, const YAML::Node& node, web::WebConfig& config) {
  const auto keys = reader.map(node, "web", k_web_keys);
  if (!keys) return;
  keys->with("auth", [&](const YAML::Node& value) { read_auth(reader, value, config.auth); });
  keys->with("session", [&](const YAML::Node& value) {
    if (auto duration = reader.duration(value, "web.session")) {
      if (*duration < std::chrono::minutes(1))
        return reader.error(value, "web.session: at least 1m");
      config.session = std::chrono::duration_cast<std::chrono::seconds>(*duration);
    }
  });
  const auto* listen = keys->find("listen");
  if (!listen) return reader.error(node, "web needs `listen:`, such as 127.0.0.1:8080");
  if (auto text = reader.string(*listen, "web.listen")) {
    config.listen = *text;
    check_exposure(reader, *listen, config);
  }
}

}  // namespace newsmon::app::detail
