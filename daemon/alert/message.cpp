#include "daemon/alert/message.h"

#include <algorithm>

#include "daemon/alert/evidence.h"

namespace newsmon::alert {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool same_event(const rules::Event& a, const rules::Event& b) {
  return a.supplier == b.supplier && a.recipient == b.recipient && a.system == b.system &&
         a.quantity == b.quantity && a.status == b.status;
}

void add_rule(const rules::Match& match, std::vector<RuleLine>& rules) {
  for (auto& rule : rules) {
    if (rule.id == match.rule_id) return;
  }
  rules.push_back({match.rule_id, match.rule_title, match.severity, match.topics});
}

std::vector<std::string> missing_from(const std::vector<std::string>& now,
                                      const std::vector<std::string>& before) {
  std::vector<std::string> added;
  for (const auto& value : now) {
    if (!contains(before, value)) added.push_back(value);
  }
  return added;
}

std::optional<Update> update_of(const store::DeliveryJob& job) {
  if (job.sequence == 0 || !job.previous) return std::nullopt;
  Update update;
  update.updates = job.updates;
  update.sequence = job.sequence;
  update.severity = job.notice.severity;
  update.new_topics = missing_from(job.notice.topics, job.previous->topics);
  update.new_rules = missing_from(job.notice.rules, job.previous->rules);
  if (job.notice.severity > job.previous->severity) {
    update.previous_severity = job.previous->severity;
  }
  return update;
}

}  // namespace

AlertView view_of(const store::Alert& alert) {
  AlertView view;
  std::vector<rules::Hit> hits;
  for (const auto& stored : alert.matches) {
    const auto& match = stored.match;
    add_rule(match, view.rules);
    view.severity = std::max(view.severity, match.severity);
    if (stored.item_id == alert.story.item_id) {
      hits.insert(hits.end(), match.hits.begin(), match.hits.end());
    }
    for (const auto& event : match.events) {
      const bool seen = std::any_of(view.events.begin(), view.events.end(),
                                    [&](const auto& other) { return same_event(event, other); });
      if (!seen) view.events.push_back(event);
    }
  }
  std::stable_sort(view.rules.begin(), view.rules.end(),
                   [](const RuleLine& a, const RuleLine& b) { return a.severity > b.severity; });
  for (const auto& rule : view.rules) {
    for (const auto& topic : rule.topics) {
      if (!contains(view.topics, topic)) view.topics.push_back(topic);
    }
  }
  view.hits = clean_hits(std::move(hits));
  return view;
}

Message message_of(store::DeliveryJob job) {
  Message message;
  auto update = update_of(job);
  message.entries.push_back({std::move(job.alert), std::move(update)});
  return message;
}

Message digest_of(std::vector<store::DeliveryJob> jobs, DigestWindow window) {
  Message message;
  message.digest = window;
  for (auto& job : jobs) {
    auto update = update_of(job);
    message.entries.push_back({std::move(job.alert), std::move(update)});
  }
  return message;
}

}  // namespace newsmon::alert
