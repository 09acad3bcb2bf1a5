#include "daemon/alert/message.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "daemon/alert/evidence.h"

namespace newsmon::alert {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Two events are one when they read the same in every field the rules write out: a
// transfer's supplier, recipient, system, quantity and status; an alliance event's
// parties, act and place.
bool same_event(const rules::Event& a, const rules::Event& b) {
  return nlohmann::json(a) == nlohmann::json(b);
}

// Whether two events report the same thing between the same parties, however they name
// the equipment or the place.
bool same_report(const rules::Event& a, const rules::Event& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == rules::EventKind::transfer) {
    return a.supplier == b.supplier && a.recipient == b.recipient && a.status == b.status;
  }
  auto left = a.parties;
  auto right = b.parties;
  std::sort(left.begin(), left.end());
  std::sort(right.begin(), right.end());
  return a.act == b.act && left == right;
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

// Whether the webhook is told about the rule: always when it was told no list.
bool told_rule(const store::Notice* told, const std::string& rule_id) {
  return told == nullptr || told->rules.empty() || contains(told->rules, rule_id);
}

bool told_topic(const store::Notice* told, const std::string& topic) {
  return told == nullptr || told->topics.empty() || contains(told->topics, topic);
}

}  // namespace

AlertView view_of(const store::Alert& alert, const store::Notice* told) {
  AlertView view;
  std::vector<rules::Hit> hits;
  for (const auto& stored : alert.matches) {
    const auto& match = stored.match;
    if (!told_rule(told, match.rule_id)) continue;
    add_rule(match, view.rules);
    view.severity = std::max(view.severity, match.severity);
    if (stored.item_id == alert.story.item_id) {
      hits.insert(hits.end(), match.hits.begin(), match.hits.end());
    }
  }
  // The story's own events first, then what its copies add.
  for (const auto source : {EventSource::story, EventSource::copy}) {
    for (const auto& stored : alert.matches) {
      const bool own = stored.item_id == alert.story.item_id;
      if (own != (source == EventSource::story) || !told_rule(told, stored.match.rule_id)) {
        continue;
      }
      for (const auto& event : stored.match.events) add_event(view.events, event, source);
    }
  }
  std::stable_sort(view.rules.begin(), view.rules.end(),
                   [](const RuleLine& a, const RuleLine& b) { return a.severity > b.severity; });
  for (const auto& rule : view.rules) {
    for (const auto& topic : rule.topics) {
      if (told_topic(told, topic) && !contains(view.topics, topic)) view.topics.push_back(topic);
    }
  }
  view.hits = clean_hits(std::move(hits));
  return view;
}

void add_event(std::vector<rules::Event>& events, const rules::Event& event, EventSource source) {
  const bool seen = std::any_of(events.begin(), events.end(), [&](const rules::Event& other) {
    return same_event(event, other) || (source == EventSource::copy && same_report(event, other));
  });
  if (!seen) events.push_back(event);
}

AlertView view_of(const MessageEntry& entry) {
  return view_of(entry.alert, entry.told ? &*entry.told : nullptr);
}

Message message_of(store::DeliveryJob job) {
  Message message;
  auto update = update_of(job);
  message.entries.push_back({std::move(job.alert), std::move(update), std::move(job.notice)});
  return message;
}

Message digest_of(std::vector<store::DeliveryJob> jobs, DigestWindow window) {
  Message message;
  message.digest = window;
  for (auto& job : jobs) {
    auto update = update_of(job);
    message.entries.push_back({std::move(job.alert), std::move(update), std::move(job.notice)});
  }
  return message;
}

}  // namespace newsmon::alert
