#pragma once
// The console's pages. Each takes what the request asked and returns its body; the
// console adds the frame (page.cpp), the headers and the checks every request passes.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "daemon/alert/silences.h"
#include "daemon/rules/rule_set.h"
#include "daemon/web/form.h"
#include "daemon/web/html.h"
#include "daemon/web/source.h"

namespace newsmon::web {

/// What a page may use of the request.
struct PageRequest {
  std::string path;
  Form query;        ///< GET parameters
  Form form;         ///< the POST body
  std::string user;  ///< who is signed in ("local" without web.auth)
  std::string csrf;  ///< the token state-changing forms carry
  Epoch now = 0;
  bool post = false;
};

struct PageResult {
  int status = 200;
  std::string title;
  std::string section;  ///< which tab of the navigation is lit
  Html body;
  std::string redirect;  ///< when set: 303 See Other to this path
};

/// The running rules as the daemon hands them to the console (start and reload).
struct RulesUpdate {
  std::shared_ptr<const rules::RuleSet> rules;
  std::vector<std::filesystem::path> paths;   ///< the rule files and folders
  alert::SilenceNames names;                  ///< what a silence may name
  std::vector<rules::RuleSummary> summaries;  ///< every rule read, disabled ones too
  rules::LoadOptions options;  ///< the bounds the daemon loads with, for the playground too
};

/// The running rules as pages show them, with their tests run once per load.
struct RulesSnapshot {
  std::shared_ptr<const rules::RuleSet> rules;
  std::vector<std::filesystem::path> paths;  ///< the rule files and folders
  std::vector<rules::TestFailure> failures;
  alert::SilenceNames names;  ///< what a silence may name
  /// Rules their files turn off with `enabled: false`: not in `rules`, still listed.
  std::vector<rules::RuleSummary> disabled;
  rules::LoadOptions options;
};

PageResult alerts_page(const PageRequest& request, ConsoleSource& source,
                       const RulesSnapshot& rules);
PageResult alert_page(const PageRequest& request, ConsoleSource& source, const RulesSnapshot& rules,
                      std::int64_t id);
PageResult feeds_page(const PageRequest& request, ConsoleSource& source);
PageResult rules_page(const PageRequest& request, const RulesSnapshot& rules);
PageResult playground_page(const PageRequest& request, ConsoleSource& source,
                           const RulesSnapshot& rules);
PageResult activity_page(const PageRequest& request, ConsoleSource& source);
PageResult silences_page(const PageRequest& request, ConsoleSource& source);
/// POST /silences (add) and /silences/ID/expire.
PageResult silence_action(const PageRequest& request, ConsoleSource& source,
                          const RulesSnapshot& rules);
PageResult login_page(const PageRequest& request, bool users, bool token,
                      const std::string& problem);
PageResult error_page(int status, const std::string& message);

/// The whole HTML document of a page.
std::string render_document(const PageResult& page, const PageRequest& request);

}  // namespace newsmon::web
