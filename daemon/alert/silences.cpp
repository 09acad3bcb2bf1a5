#include "daemon/alert/silences.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "daemon/alert/routing.h"
#include "daemon/rules/rule_set.h"
#include "daemon/util/text.h"

namespace newsmon::alert {
namespace {

// The query is compiled as the one rule of a small rule file, so it means exactly what it
// would in a rule. It sits in a block scalar starting at this column, so a diagnostic's
// column tells where in the query the fault is.
constexpr const char* k_rule_prefix = "rules:\n  - id: silence\n    query: |-\n";
constexpr const char* k_indent = "      ";
constexpr int k_query_column = 7;
constexpr int k_query_line = 4;

std::string rule_file_of(std::string_view query) {
  std::string yaml = k_rule_prefix;
  for (const auto line : util::split(query, '\n')) {
    yaml += k_indent;
    yaml += line;
    yaml += '\n';
  }
  return yaml;
}

// "OR needs a term or a group after it" and the query with a caret under its place.
std::string explain(const util::Diagnostic& diagnostic, std::string_view query) {
  std::string message = diagnostic.message;
  constexpr std::string_view k_rule_name = "rule 'silence': ";
  if (message.starts_with(k_rule_name)) message.erase(0, k_rule_name.size());
  const auto lines = util::split(query, '\n');
  const auto line = static_cast<std::size_t>(std::max(0, diagnostic.line - k_query_line));
  if (diagnostic.line < k_query_line || line >= lines.size()) return message;
  const auto column = static_cast<std::size_t>(std::max(0, diagnostic.column - k_query_column));
  return fmt::format("{}\n  {}\n  {}^", message, lines[line], std::string(column, ' '));
}

// "--rule 'x' matches nothing configured; did you mean 'y'?", or nothing when it matches.
std::optional<std::string> unknown_name(const std::string& label, const std::string& value,
                                        const std::vector<std::string>& names, bool glob) {
  if (value.empty()) return std::nullopt;
  const bool found = std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    return glob ? glob_match(value, name) : value == name;
  });
  if (found) return std::nullopt;
  return fmt::format("{} '{}' matches nothing configured{}", label, value,
                     did_you_mean(value, names));
}

}  // namespace

SilenceNames silence_names(const std::vector<rules::RuleSummary>& rules,
                           std::vector<std::string> feeds, std::vector<std::string> endpoints) {
  SilenceNames names{{}, {}, std::move(feeds), std::move(endpoints)};
  std::set<std::string> topics;
  for (const auto& rule : rules) {
    names.rules.push_back(rule.id);
    topics.insert(rule.topics.begin(), rule.topics.end());
  }
  names.topics.assign(topics.begin(), topics.end());
  return names;
}

std::vector<std::string> silence_mistakes(const store::SilenceMatchers& matchers,
                                          const SilenceNames& names, const MatcherLabel& label) {
  if (matchers == store::SilenceMatchers{}) {
    return {fmt::format("say what to silence: {}, {}, {}, {} and/or {}", label("rule"),
                        label("topic"), label("feed"), label("endpoint"), label("query"))};
  }
  std::vector<std::string> mistakes;
  const auto check = [&](const char* matcher, const std::string& value,
                         const std::vector<std::string>& known, bool glob) {
    if (auto mistake = unknown_name(label(matcher), value, known, glob)) {
      mistakes.push_back(std::move(*mistake));
    }
  };
  check("rule", matchers.rule_glob, names.rules, true);
  check("topic", matchers.topic, names.topics, false);
  check("feed", matchers.feed_glob, names.feeds, true);
  check("endpoint", matchers.endpoint, names.endpoints, false);
  if (!matchers.query.empty()) {
    if (auto query = compile_silence_query(matchers.query); !query) {
      mistakes.push_back(fmt::format("{}: {}", label("query"), query.error().message));
    }
  }
  return mistakes;
}

util::Result<std::shared_ptr<const rules::RuleSet>> compile_silence_query(std::string_view query) {
  const std::string trimmed(util::trim(query));
  auto loaded = rules::load_rules_from_text(rule_file_of(trimmed), "silence query");
  if (!loaded.errors.empty())
    return util::make_error("{}", explain(loaded.errors.front(), trimmed));
  return loaded.rules;
}

std::optional<std::int64_t> SilenceScope::holding(const store::AlertRule& rule,
                                                  std::string_view endpoint) const {
  for (const auto* silence : m_silences) {
    const auto& matchers = silence->matchers;
    if (!matchers.rule_glob.empty() && !glob_match(matchers.rule_glob, rule.id)) continue;
    if (!matchers.topic.empty() &&
        std::find(rule.topics.begin(), rule.topics.end(), matchers.topic) == rule.topics.end()) {
      continue;
    }
    if (!matchers.endpoint.empty() && matchers.endpoint != endpoint) continue;
    return silence->id;
  }
  return std::nullopt;
}

Silences::Silences(std::vector<store::Silence> silences, std::vector<util::Error>& errors)
    : m_silences(std::move(silences)) {
  // Oldest first, so the silence named on a held delivery is the first that held it.
  std::sort(m_silences.begin(), m_silences.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const auto& silence : m_silences) {
    std::shared_ptr<const rules::RuleSet> query;
    if (!silence.matchers.query.empty()) {
      auto compiled = compile_silence_query(silence.matchers.query);
      if (compiled) {
        query = *compiled;
      } else {
        errors.push_back(util::make_error("silence {}: its query holds nothing: {}", silence.id,
                                          compiled.error().message));
      }
    }
    m_queries.push_back(std::move(query));
  }
}

Silences::~Silences() = default;
Silences::Silences(Silences&&) noexcept = default;
Silences& Silences::operator=(Silences&&) noexcept = default;

SilenceScope Silences::for_story(const rules::Story& story, std::string_view feed_url,
                                 store::Epoch now) const {
  std::vector<const store::Silence*> holding;
  for (std::size_t i = 0; i < m_silences.size(); ++i) {
    const auto& silence = m_silences[i];
    if (!silence.active_at(now)) continue;
    if (!silence.matchers.feed_glob.empty() && !glob_match(silence.matchers.feed_glob, feed_url)) {
      continue;
    }
    if (!silence.matchers.query.empty() && (!m_queries[i] || m_queries[i]->match(story).empty())) {
      continue;
    }
    holding.push_back(&silence);
  }
  return SilenceScope(std::move(holding));
}

}  // namespace newsmon::alert
