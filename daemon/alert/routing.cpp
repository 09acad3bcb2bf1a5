#include "daemon/alert/routing.h"

#include <algorithm>

namespace newsmon::alert {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point: linear for the patterns people write,
  // never exponential.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool wants(const Endpoint& endpoint, const rules::Match& match) {
  if (!endpoint.topics.empty()) {
    const bool topical = std::any_of(match.topics.begin(), match.topics.end(), [&](const auto& t) {
      return std::find(endpoint.topics.begin(), endpoint.topics.end(), t) != endpoint.topics.end();
    });
    if (!topical) return false;
  }
  if (!endpoint.rule_globs.empty()) {
    const bool named =
        std::any_of(endpoint.rule_globs.begin(), endpoint.rule_globs.end(),
                    [&](const auto& glob) { return glob_match(glob, match.rule_id); });
    if (!named) return false;
  }
  return !endpoint.min_severity || match.severity >= *endpoint.min_severity;
}

std::vector<std::string> route(const std::vector<Endpoint>& endpoints, const rules::Match& match) {
  std::vector<std::string> names;
  for (const auto& endpoint : endpoints) {
    if (wants(endpoint, match)) names.push_back(endpoint.name);
  }
  return names;
}

std::vector<store::PlannedMatch> plan_deliveries(const std::vector<Endpoint>& endpoints,
                                                 std::vector<rules::Match> matches) {
  std::vector<store::PlannedMatch> planned;
  planned.reserve(matches.size());
  for (auto& match : matches) {
    auto names = route(endpoints, match);
    planned.push_back({std::move(match), std::move(names)});
  }
  return planned;
}

}  // namespace newsmon::alert
