// The loaded rules with their tests, and the playground where a query or a rule is
// tried on a story.

#include <map>

#include "daemon/util/text.h"
#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"

namespace newsmon::web {
namespace {

void tests_cell(Html& html, const rules::RuleDescription& rule,
                const std::vector<const rules::TestFailure*>& failures) {
  if (rule.examples == 0) {
    html.markup("<span class=\"tests-none\">no tests</span>");
    return;
  }
  if (failures.empty()) {
    html.markup("<span class=\"tests-pass\">").number(static_cast<long long>(rule.examples));
    html.markup(" pass</span>");
    return;
  }
  html.markup("<span class=\"tests-fail\">").number(static_cast<long long>(failures.size()));
  html.markup(" of ").number(static_cast<long long>(rule.examples)).markup(" fail</span><ul>");
  for (const auto* failure : failures) {
    html.markup("<li><code>").text(failure->where.file.string()).markup(":");
    html.number(failure->where.line).markup("</code> ").text(failure->message).markup("</li>");
  }
  html.markup("</ul>");
}

void rule_row(Html& html, const rules::RuleDescription& rule,
              const std::vector<const rules::TestFailure*>& failures) {
  html.markup("<tr").attr("id", "rule-" + rule.id).markup("><td><code>").text(rule.id);
  html.markup("</code><div>").text(rule.title).markup("</div><div class=\"url\">");
  html.text(rule.location).markup("</div></td><td>");
  for (const auto& topic : rule.topics) {
    html.markup("<span class=\"topic\">").text(topic).markup("</span> ");
  }
  html.markup("</td><td>");
  severity_badge(html, rule.severity);
  html.markup("</td><td><pre class=\"query\">").text(rule.query).markup("</pre>");
  if (!rule.masks.empty())
    html.markup("<div>mask: ").text(util::join(rule.masks, ", ")).markup("</div>");
  html.markup("</td><td>");
  tests_cell(html, rule, failures);
  html.markup("</td><td><a").attr("href", "/playground?rule=" + url_encode(rule.id));
  html.markup(">try</a></td></tr>");
}

/// Rules their files turn off: listed so that a rule switched off is not taken for one
/// deleted or lost.
void disabled_rules(Html& html, const std::vector<rules::RuleSummary>& disabled) {
  if (disabled.empty()) return;
  html.markup("<h2>Turned off</h2><p>").number(static_cast<long long>(disabled.size()));
  html.text(disabled.size() == 1 ? " rule is" : " rules are");
  html.markup(
      " turned off by <code>enabled: false</code>: read and checked, matching nothing. "
      "Remove that line and reload to turn one back on.</p>");
  html.markup(
      "<table class=\"rules disabled\"><thead><tr><th>Rule</th><th>Topics</th>"
      "<th>Severity</th></tr></thead><tbody>");
  for (const auto& rule : disabled) {
    html.markup("<tr").attr("id", "rule-" + rule.id).markup("><td><code>").text(rule.id);
    html.markup("</code><div>").text(rule.title).markup("</div></td><td>");
    for (const auto& topic : rule.topics) {
      html.markup("<span class=\"topic\">").text(topic).markup("</span> ");
    }
    html.markup("</td><td>");
    severity_badge(html, rule.severity);
    html.markup("</td></tr>");
  }
  html.markup("</tbody></table>");
}

}  // namespace

PageResult rules_page(const PageRequest&, const RulesSnapshot& snapshot) {
  PageResult result{200, "Rules", "rules", {}, {}};
  Html& html = result.body;
  html.markup("<h1>Rules</h1>");
  if (!snapshot.rules) {
    html.markup("<p class=\"empty\">No rules are loaded.</p>");
    disabled_rules(html, snapshot.disabled);
    return result;
  }
  std::map<std::string, std::vector<const rules::TestFailure*>> failures;
  for (const auto& failure : snapshot.failures) failures[failure.rule_id].push_back(&failure);
  const auto described = snapshot.rules->describe();
  html.markup("<p>").number(static_cast<long long>(described.size()));
  html.markup(" rules loaded. <a href=\"/playground\">Try a rule in the playground</a>.</p>");
  html.markup(
      "<table class=\"rules\"><thead><tr><th>Rule</th><th>Topics</th><th>Severity</th>"
      "<th>Query</th><th>Tests</th><th></th></tr></thead><tbody>");
  for (const auto& rule : described) rule_row(html, rule, failures[rule.id]);
  html.markup("</tbody></table>");
  disabled_rules(html, snapshot.disabled);
  return result;
}

}  // namespace newsmon::web
