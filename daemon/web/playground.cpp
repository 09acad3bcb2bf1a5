#include "daemon/web/playground.h"

#include <fmt/format.h>

#include "daemon/util/text.h"

namespace newsmon::web {
namespace {

// Where the query sits in the YAML wrapped around it.
constexpr int k_query_first_line = 5;
constexpr int k_query_indent = 6;

std::string wrap_query(const std::string& query) {
  // The events a matching story reports are shown too.
  std::string yaml = "rules:\n  - id: playground\n    extract: arms_transfer\n    query: |-\n";
  for (const auto line : util::split(query, '\n')) {
    yaml += std::string(k_query_indent, ' ');
    yaml += util::trim(line).empty() ? std::string_view() : line;
    yaml += '\n';
  }
  return yaml;
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
                                 const std::vector<std::filesystem::path>& list_sources) {
  PlaygroundOutcome outcome;
  const bool query_mode = input.yaml.empty();
  const auto loaded =
      query_mode ? rules::load_rules_with_lists(wrap_query(input.query), "query", list_sources)
                 : rules::load_rules_with_lists(input.yaml, "rule.yaml", list_sources);
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
