#include "daemon/poll/ingest.h"

#include <map>
#include <set>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "daemon/alert/routing.h"
#include "daemon/util/text.h"

namespace newsmon::poll {
namespace {

// One line per story: its title, the union of the topics and the rules that fired.
void log_alerts(const store::FeedState& feed, const std::vector<store::RaisedAlert>& alerts,
                const std::map<std::string, std::vector<std::string>>& topics_by_rule) {
  for (std::size_t first = 0; first < alerts.size();) {
    std::size_t last = first;
    std::set<std::string> topics;
    std::vector<std::string> rule_ids;
    while (last < alerts.size() && alerts[last].link == alerts[first].link &&
           alerts[last].title == alerts[first].title) {
      rule_ids.push_back(alerts[last].rule_id);
      if (const auto it = topics_by_rule.find(alerts[last].rule_id); it != topics_by_rule.end()) {
        topics.insert(it->second.begin(), it->second.end());
      }
      ++last;
    }
    const std::vector<std::string> topic_list(topics.begin(), topics.end());
    spdlog::info("alert: \"{}\" <{}> from {}: topics {}; rules {}", alerts[first].title,
                 alerts[first].link, feed.title.empty() ? feed.url : feed.title,
                 topic_list.empty() ? std::string("(none)") : util::join(topic_list, ", "),
                 util::join(rule_ids, ", "));
    first = last;
  }
}

}  // namespace

Ingester::Ingester(store::Store& store, const util::Clock& clock)
    : m_store(store), m_clock(clock) {}

void Ingester::set_rules(std::shared_ptr<const rules::RuleSet> rules) {
  m_rules = std::move(rules);
}

void Ingester::set_routing(std::vector<alert::Endpoint> endpoints, store::ClusterPolicy policy) {
  m_endpoints = std::move(endpoints);
  m_policy = policy;
}

void Ingester::on_new_deliveries(std::function<void()> callback) {
  m_on_new_deliveries = std::move(callback);
}

std::size_t Ingester::rule_count() const {
  return m_rules ? m_rules->rule_count() : 0;
}

store::IncomingItem Ingester::prepare(feed::Item&& item) const {
  store::IncomingItem incoming;
  if (m_rules) {
    const rules::Story story{item.title, item.summary, item.content};
    incoming.matches = alert::plan_deliveries(m_endpoints, m_rules->match(story));
  }
  incoming.item = std::move(item);
  return incoming;
}

util::Result<store::IngestResult> Ingester::ingest(const store::FeedState& feed,
                                                   std::vector<feed::Item> items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  auto known = m_store.known_entry_ids(feed.id, ids);
  if (!known) return known.error();
  std::unordered_set<std::string> skip(known->begin(), known->end());

  std::vector<store::IncomingItem> incoming;
  for (auto& item : items) {
    if (!skip.insert(item.id).second) continue;  // stored already, or twice in this document
    incoming.push_back(prepare(std::move(item)));
  }
  if (incoming.empty()) return store::IngestResult{};

  std::map<std::string, std::vector<std::string>> topics_by_rule;
  for (const auto& item : incoming) {
    for (const auto& planned : item.matches) {
      topics_by_rule.emplace(planned.match.rule_id, planned.match.topics);
    }
  }
  const auto now = util::to_epoch_seconds(m_clock.now());
  auto result = m_store.ingest(feed.id, std::move(incoming), now, m_policy);
  if (!result) return result.error();
  log_alerts(feed, result->alerts, topics_by_rule);
  for (const auto& raised : result->alerts) ++m_alerts_by_rule[raised.rule_id];
  m_clustered_matches += static_cast<std::uint64_t>(result->clustered_matches);
  if (result->deliveries > 0 && m_on_new_deliveries) m_on_new_deliveries();
  return result;
}

}  // namespace newsmon::poll
