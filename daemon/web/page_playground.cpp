// The playground: a story and a query (or a whole rule) in, whether it matches, the
// hits, the events and the explanation out, with the daemon's own engine.

#include <charconv>

#include <fmt/format.h>

#include "daemon/web/page_parts.h"
#include "daemon/web/pages.h"
#include "daemon/web/playground.h"

namespace newsmon::web {
namespace {

constexpr std::size_t k_max_input = 256 * 1024;

// The form's fields, or a stored alert's story, or a loaded rule to start from.
PlaygroundInput input_of(const PageRequest& request, ConsoleSource& source,
                         const RulesSnapshot& rules) {
  const Form& form = request.post ? request.form : request.query;
  PlaygroundInput input{
      form.get("title"), form.get("summary"), form.get("content"), form.get("query"), {}};
  if (form.get("mode") == "rule") input.yaml = form.get("yaml");
  std::int64_t alert_id = 0;
  const auto id_text = form.get("alert");
  std::from_chars(id_text.data(), id_text.data() + id_text.size(), alert_id);
  if (alert_id > 0 && input.title.empty() && input.summary.empty()) {
    if (auto alert = source.alert(alert_id); alert && *alert) {
      input.title = (*alert)->summary.title;
      input.summary = (*alert)->summary_text;
    }
  }
  const auto rule_id = form.get("rule");
  if (!rule_id.empty() && rules.rules && input.yaml.empty()) {
    for (const auto& rule : rules.rules->describe()) {
      if (rule.id == rule_id) input.yaml = rule_yaml(rule);
    }
  }
  return input;
}

void textarea(Html& html, const char* label, const char* name, const std::string& value, int rows) {
  html.markup("<label>").text(label).markup("<textarea name=\"").text(name);
  html.markup("\" rows=\"").number(rows).markup("\">").text(value).markup("</textarea></label>");
}

void input_form(Html& html, const PageRequest& request, const PlaygroundInput& input) {
  html.markup(
      "<form id=\"playground\" method=\"post\" action=\"/playground\" class=\"playground\">");
  csrf_field(html, request.csrf);
  html.markup("<fieldset><legend>Story</legend><label>Title <input name=\"title\"")
      .attr("value", input.title)
      .markup("></label>");
  textarea(html, "Summary", "summary", input.summary, 4);
  textarea(html, "Content", "content", input.content, 6);
  html.markup(
      "<label>or a stored alert's story: <input name=\"alert\" inputmode=\"numeric\" "
      "placeholder=\"alert number\"></label></fieldset>");
  const bool rule_mode = !input.yaml.empty();
  html.markup(
      "<fieldset><legend>Rule</legend><div class=\"choices\"><label><input type=\"radio\" "
      "name=\"mode\" value=\"query\"");
  if (!rule_mode) html.markup(" checked");
  html.markup("> a query</label> <label><input type=\"radio\" name=\"mode\" value=\"rule\"");
  if (rule_mode) html.markup(" checked");
  html.markup("> a rule in YAML</label></div>");
  textarea(html, "Query", "query", input.query, 3);
  textarea(html, "Rule (YAML)", "yaml", input.yaml, 10);
  html.markup("</fieldset><button type=\"submit\">Try it</button></form>");
}

void match_result(Html& html, const rules::Match& match, const PlaygroundInput& input) {
  html.markup("<section class=\"rule-match\"><h3><code>").text(match.rule_id).markup("</code> ");
  severity_badge(html, match.severity);
  html.markup("</h3><p class=\"marked-title\">");
  marked_text(html, input.title, ranges_of(match.hits, rules::Field::title));
  html.markup("</p><p class=\"marked-summary\">");
  marked_text(html, input.summary, ranges_of(match.hits, rules::Field::summary));
  html.markup("</p>");
  if (!input.content.empty()) {
    html.markup("<p class=\"marked-content\">");
    marked_text(html, input.content, ranges_of(match.hits, rules::Field::content));
    html.markup("</p>");
  }
  for (const auto& event : match.events) {
    html.markup("<p class=\"event\">").text(rules::event_line(event)).markup("</p>");
  }
  for (const auto& note : match.removed) {
    html.markup("<p class=\"note\">").text(note).markup("</p>");
  }
  html.markup("</section>");
}

void outcome_section(Html& html, const PlaygroundOutcome& outcome, const PlaygroundInput& input) {
  html.markup("<section id=\"result\" class=\"result\">");
  if (!outcome.errors.empty()) {
    html.markup(
        "<h2 class=\"verdict verdict-error\">The rule has errors</h2><pre class=\"errors\">");
    for (const auto& error : outcome.errors) html.text(error).markup("\n");
    html.markup("</pre></section>");
    return;
  }
  if (outcome.matches.empty()) {
    html.markup("<h2 class=\"verdict verdict-no-match\">No match</h2>");
  } else {
    html.markup("<h2 class=\"verdict verdict-match\">Match</h2>");
  }
  for (const auto& match : outcome.matches) match_result(html, match, input);
  for (const auto& match : outcome.dropped) {
    html.markup("<h3>Matched, but dropped</h3>");
    match_result(html, match, input);
  }
  if (!outcome.test_failures.empty()) {
    html.markup("<h3>The rule's own tests</h3><pre class=\"errors\">");
    for (const auto& failure : outcome.test_failures) html.text(failure).markup("\n");
    html.markup("</pre>");
  }
  html.markup("</section>");
}

}  // namespace

PageResult playground_page(const PageRequest& request, ConsoleSource& source,
                           const RulesSnapshot& rules) {
  PageResult result{200, "Playground", "playground", {}, {}};
  const auto input = input_of(request, source, rules);
  if (input.title.size() + input.summary.size() + input.content.size() + input.query.size() +
          input.yaml.size() >
      k_max_input) {
    return error_page(
        413, fmt::format("The playground takes at most {} KiB of text.", k_max_input / 1024));
  }
  Html& html = result.body;
  html.markup(
      "<h1>Playground</h1><p>Try a query or a rule on a story. The running rules do "
      "not change; the lists of the loaded rule files may be used.</p>");
  input_form(html, request, input);
  if (request.post) outcome_section(html, run_playground(input, rules.paths, rules.options), input);
  return result;
}

}  // namespace newsmon::web
