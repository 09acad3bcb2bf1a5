#include "daemon/alert/routing.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "daemon/util/spelling.h"

namespace newsmon::alert {
namespace {

using store::AlertContext;
using store::AlertRule;
using store::PastDelivery;
using store::PlannedDelivery;

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool accepts_id(const std::vector<std::string>& globs, std::string_view id) {
  bool has_plain = false;
  bool named = false;
  for (const auto& glob : globs) {
    if (glob.starts_with('!')) {
      if (glob_match(std::string_view(glob).substr(1), id)) return false;
    } else {
      has_plain = true;
      named = named || glob_match(glob, id);
    }
  }
  return named || !has_plain;
}

// The endpoint's last delivery of the alert, and its last one that was not held.
struct History {
  const PastDelivery* last = nullptr;
  const PastDelivery* told = nullptr;
};

History history_of(const AlertContext& alert, const std::string& endpoint) {
  History history;
  for (const auto& past : alert.deliveries) {
    if (past.endpoint != endpoint) continue;
    history.last = &past;
    if (past.state != store::DeliveryState::held) history.told = &past;
  }
  return history;
}

std::optional<PlannedDelivery> plan_for(const Endpoint& endpoint, const AlertContext& alert,
                                        const SilenceScope& silences, bool backlog,
                                        store::Epoch now) {
  std::vector<const AlertRule*> wanted;
  std::vector<const AlertRule*> audible;
  std::optional<std::int64_t> silence;
  for (const auto& rule : alert.rules) {
    if (!wants(endpoint, rule)) continue;
    wanted.push_back(&rule);
    const auto holding = silences.holding(rule, endpoint.name);
    if (!holding) audible.push_back(&rule);
    if (!silence) silence = holding;
  }
  if (wanted.empty()) return std::nullopt;
  const auto full = notice_of(endpoint, wanted);
  const History history = history_of(alert, endpoint.name);
  // Nothing new since the last decision for this endpoint, sent or held.
  if (history.last && !adds_to(full, history.last->notice)) return std::nullopt;
  PlannedDelivery plan{endpoint.name, full, now, std::nullopt, std::nullopt, std::nullopt};
  if (backlog) {
    plan.hold = store::HoldReason::backlog;
    return plan;
  }
  const auto audible_notice = notice_of(endpoint, audible);
  if (!audible.empty() && (!history.told || adds_to(audible_notice, history.told->notice))) {
    plan.notice = audible_notice;
    if (endpoint.digest) {
      plan.digest_window = digest_window_end(*endpoint.digest, now);
      plan.due = *plan.digest_window;
    }
    return plan;
  }
  if (!silence) return std::nullopt;
  plan.hold = store::HoldReason::silenced;
  plan.silence_id = silence;
  return plan;
}

// The literal text before a glob's first wildcard, and the rest from there.
std::pair<std::string_view, std::string_view> split_glob(std::string_view glob) {
  const auto wildcard = glob.find_first_of("*?");
  if (wildcard == std::string_view::npos) return {glob, {}};
  return {glob.substr(0, wildcard), glob.substr(wildcard)};
}

// A glob that matches rule ids, made from the one given by respelling its literal start.
std::string glob_suggestion(std::string_view glob, const std::vector<std::string>& ids) {
  const bool negated = glob.starts_with('!');
  if (negated) glob.remove_prefix(1);
  const auto [literal, rest] = split_glob(glob);
  std::vector<std::string> starts;
  for (const auto& id : ids) {
    // An exact id is respelt whole; a glob by the start it names.
    if (rest.empty() || id.size() >= literal.size()) {
      starts.push_back(rest.empty() ? id : id.substr(0, literal.size()));
    }
  }
  std::vector<std::string_view> views(starts.begin(), starts.end());
  const auto closest = util::closest_spelling(literal, views);
  if (closest.empty()) return {};
  return fmt::format("; did you mean '{}{}{}'?", negated ? "!" : "", closest, rest);
}

}  // namespace

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

bool wants(const Endpoint& endpoint, const AlertRule& rule) {
  if (!endpoint.topics.empty() &&
      std::none_of(rule.topics.begin(), rule.topics.end(),
                   [&](const auto& topic) { return contains(endpoint.topics, topic); })) {
    return false;
  }
  if (!accepts_id(endpoint.rule_globs, rule.id)) return false;
  return !endpoint.min_severity || rule.severity >= *endpoint.min_severity;
}

store::Notice notice_of(const Endpoint& endpoint, const std::vector<const AlertRule*>& rules) {
  store::Notice notice;
  std::set<std::string> topics;
  for (const auto* rule : rules) {
    notice.rules.push_back(rule->id);
    notice.severity = std::max(notice.severity, rule->severity);
    for (const auto& topic : rule->topics) {
      if (endpoint.topics.empty() || contains(endpoint.topics, topic)) topics.insert(topic);
    }
  }
  notice.topics.assign(topics.begin(), topics.end());
  return notice;
}

bool adds_to(const store::Notice& now, const store::Notice& before) {
  if (now.severity > before.severity) return true;
  return std::any_of(now.topics.begin(), now.topics.end(),
                     [&](const auto& topic) { return !contains(before.topics, topic); });
}

store::Epoch digest_window_end(std::chrono::seconds length, store::Epoch now) {
  const auto seconds = std::max<store::Epoch>(1, length.count());
  return (now / seconds + 1) * seconds;
}

bool Router::too_old(const AlertContext& alert, store::Epoch now) const {
  if (m_policy.max_age.count() <= 0) return false;
  const auto& published = alert.story->item.published;
  const store::Epoch dated = published.has_value() ? published.epoch_seconds : alert.first_seen;
  return now - dated > m_policy.max_age.count();
}

std::vector<PlannedDelivery> Router::plan(const AlertContext& alert, store::Epoch now) const {
  const auto& item = alert.story->item;
  const auto silences = m_silences.for_story(rules::Story{item.title, item.summary, item.content},
                                             alert.feed_url, now);
  const bool backlog = too_old(alert, now);
  std::vector<PlannedDelivery> plans;
  for (const auto& endpoint : m_endpoints) {
    if (auto plan = plan_for(endpoint, alert, silences, backlog, now)) {
      plans.push_back(std::move(*plan));
    }
  }
  return plans;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  const auto closest = util::closest_spelling(word, views);
  return closest.empty() ? std::string() : fmt::format("; did you mean '{}'?", closest);
}

std::vector<FilterProblem> check_filters(const Endpoint& endpoint,
                                         const std::vector<rules::RuleSummary>& rules) {
  std::set<std::string> topic_set;
  std::vector<std::string> ids;
  for (const auto& rule : rules) {
    topic_set.insert(rule.topics.begin(), rule.topics.end());
    ids.push_back(rule.id);
  }
  const std::vector<std::string> topics(topic_set.begin(), topic_set.end());
  std::vector<FilterProblem> problems;
  for (std::size_t i = 0; i < endpoint.topics.size(); ++i) {
    const auto& topic = endpoint.topics[i];
    if (topic_set.count(topic) > 0) continue;
    problems.push_back({FilterProblem::Kind::topic, i,
                        fmt::format("webhook '{}': no rule has the topic '{}'{}", endpoint.name,
                                    topic, did_you_mean(topic, topics))});
  }
  for (std::size_t i = 0; i < endpoint.rule_globs.size(); ++i) {
    std::string_view glob = endpoint.rule_globs[i];
    if (glob.starts_with('!')) glob.remove_prefix(1);
    if (std::any_of(ids.begin(), ids.end(), [&](const auto& id) { return glob_match(glob, id); })) {
      continue;
    }
    problems.push_back(
        {FilterProblem::Kind::rule, i,
         fmt::format("webhook '{}': '{}' matches no rule id{}", endpoint.name,
                     endpoint.rule_globs[i], glob_suggestion(endpoint.rule_globs[i], ids))});
  }
  return problems;
}

}  // namespace newsmon::alert
