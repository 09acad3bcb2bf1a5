#pragma once
// A browser of one console for tests: keeps its cookie and reads the CSRF token of the last
// page it got; and what the configuration of these tests lets a silence name.

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "daemon/util/clock.h"
#include "daemon/web/console.h"

namespace newsmon::test {

inline const util::FakeClock k_console_clock(util::from_epoch_seconds(1'675'100'000));
constexpr web::Epoch k_console_now = 1'675'100'000;

// What the configuration lets a silence name.
inline const alert::SilenceNames k_silence_names{{"arms-supply", "alliance-summit"},
                                                 {"alliance_diplomacy", "arms_transfer"},
                                                 {"https://wire.example/feed.xml"},
                                                 {"analysts"}};

/// The rules a console is given in these tests, with what the configuration lets a silence
/// name; `summaries` are every rule read, disabled ones too.
inline web::RulesUpdate console_rules(std::shared_ptr<const rules::RuleSet> rules,
                                      std::vector<rules::RuleSummary> summaries = {}) {
  web::RulesUpdate update;
  update.rules = std::move(rules);
  update.names = k_silence_names;
  update.summaries = std::move(summaries);
  return update;
}

/// How many times piece occurs in text.
inline std::size_t occurrences(const std::string& text, const std::string& piece) {
  std::size_t found = 0;
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++found;
  return found;
}

inline std::string header(const web::HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

struct Visitor {
  explicit Visitor(web::Console& serving) : console(serving) {}

  web::Console& console;
  std::string host = "127.0.0.1:8080";
  std::string cookie;
  std::string csrf;

  web::HttpResponse send(std::string method, std::string target, std::string body = {},
                         web::HeaderFields extra = {}) {
    web::HttpRequest request{std::move(method), std::move(target), std::move(extra),
                             std::move(body)};
    request.headers.emplace_back("host", host);
    if (!cookie.empty()) request.headers.emplace_back("cookie", "newsmon_session=" + cookie);
    auto response = console.handle(request);
    const auto set = header(response, "Set-Cookie");
    if (!set.empty()) cookie = set.substr(16, set.find(';') - 16);
    std::smatch found;
    if (std::regex_search(response.body, found,
                          std::regex("name=\"csrf\" value=\"([0-9a-f]+)\""))) {
      csrf = found[1];
    }
    return response;
  }
  web::HttpResponse get(std::string target) { return send("GET", std::move(target)); }
  web::HttpResponse post(std::string target, std::string body) {
    return send("POST", std::move(target), std::move(body));
  }
};

}  // namespace newsmon::test
