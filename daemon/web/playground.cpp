#include "daemon/web/playground.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/util/text.h"

namespace newsmon::web {
namespace {

// Where the query sits in the YAML wrapped around it.
constexpr int k_query_first_line = 4;
constexpr int k_query_indent = 6;

enum class Events { extract, leave };

// A rule file holding the query as a rule; with Events::extract, the events a matching
// story reports are shown too.
std::string wrap_query(const std::string& query, Events events) {
  std::string yaml = "rules:\n  - id: playground\n    query: |-\n";
  for (const auto line : util::split(query, '\n')) {
    yaml += std::string(k_query_indent, ' ');
    yaml += util::trim(line).empty() ? std::string_view() : line;
    yaml += '\n';
  }
  if (events == Events::extract) yaml += "    extract: arms_transfer\n";
  return yaml;
}

// The query as a rule, with events when the loaded rule files hold the lists that
// extracting them needs, else without.
rules::LoadResult load_query(const std::string& query,
                             const std::vector<std::filesystem::path>& list_sources,
                             const rules::LoadOptions& options) {
  auto loaded = rules::load_rules_with_lists(wrap_query(query, Events::extract), "query",
                                             list_sources, options);
  const int extract_line = k_query_first_line + static_cast<int>(util::split(query, '\n').size());
  const bool extract_refused =
      std::any_of(loaded.errors.begin(), loaded.errors.end(),
                  [&](const util::Diagnostic& error) { return error.line == extract_line; });
  if (!extract_refused) return loaded;
  return rules::load_rules_with_lists(wrap_query(query, Events::leave), "query", list_sources,
                                      options);
}

// A diagnostic of the wrapped YAML, moved back onto the query as the user wrote it.
util::Diagnostic onto_query(util::Diagnostic diagnostic) {
  if (diagnostic.line >= k_query_first_line) {
    diagnostic.line -= k_query_first_line - 1;
    diagnostic.column = std::max(1, diagnostic.column - k_query_indent);
    if (diagnostic.source_line.size() >= k_query_indent) {
      diagnostic.source_line.erase(0, k_query_indent);
    }
  }
  return diagnostic;
}

std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + single_quoted(item);
  return out + "]";
}

}  // namespace

PlaygroundOutcome run_playground(const PlaygroundInput& input,
                                 const std::vector<std::filesystem::path>& list_sources,
                                 const rules::LoadOptions& options) {
  PlaygroundOutcome outcome;
  const bool query_mode = input.yaml.empty();
  const auto loaded =
      query_mode ? load_query(input.query, list_sources, options)
                 : rules::load_rules_with_lists(input.yaml, "rule.yaml", list_sources, options);
  for (const auto& error : loaded.errors) {
    outcome.errors.push_back(query_mode ? onto_query(error).format() : error.format());
  }
  if (!loaded.rules) return outcome;
  outcome.rules = loaded.rules->rule_count();
  const rules::Story story{input.title, input.summary, input.content};
  outcome.matches = loaded.rules->match(story, rules::Explain::yes, &outcome.dropped);
  for (const auto& failure : loaded.rules->run_tests()) {
    util::Diagnostic diagnostic = failure.where;
    diagnostic.message = failure.message;
    outcome.test_failures.push_back(diagnostic.format());
  }
  return outcome;
}

std::string rule_yaml(const rules::RuleDescription& rule) {
  std::string yaml = "rules:\n";
  yaml += fmt::format("  - id: {}\n    title: {}\n", rule.id, single_quoted(rule.title));
  if (!rule.topics.empty()) yaml += fmt::format("    topics: {}\n", quoted_list(rule.topics));
  yaml += fmt::format("    severity: {}\n", rules::severity_name(rule.severity));
  if (rule.fields.size() < 3) yaml += fmt::format("    fields: {}\n", quoted_list(rule.fields));
  yaml += fmt::format("    query: {}\n", single_quoted(rule.query));
  if (!rule.masks.empty()) yaml += fmt::format("    mask: {}\n", quoted_list(rule.masks));
  if (!rule.exceptions.empty()) {
    yaml += fmt::format("    exceptions: {}\n", quoted_list(rule.exceptions));
  }
  return yaml;
}

}  // namespace newsmon::web
