#include "daemon/store/ingest.h"

#include <algorithm>

#include "daemon/store/cluster.h"
#include "daemon/store/webhook_id.h"

namespace newsmon::store {
namespace {

// Another process may write the same follow-up at the same moment; the loser plans again
// on what the winner wrote. More rounds than processes racing on one alert is plenty.
constexpr int k_planning_rounds = 4;

struct NewStory {
  std::int64_t id = 0;
  const IncomingItem& incoming;
  const std::string& outlet;
  const std::string& story_key;
  const std::string& feed_url;
};

struct JoinedAlert {
  std::int64_t id = 0;
  bool raised = false;
};

// The alert the story belongs to: an earlier one it is a copy of, or one it raises.
util::Result<JoinedAlert> alert_for(IngestTransaction& transaction, const NewStory& story,
                                    Epoch now, const ClusterPolicy& policy) {
  auto earlier = earlier_alert(transaction, story.id, story.incoming, story.outlet, now, policy);
  if (!earlier) return earlier.error();
  if (*earlier) return JoinedAlert{**earlier, false};
  const Epoch since = now - cluster_window(story.incoming, policy).count();
  const NewAlert alert{story.id, story.story_key, story.incoming.canonical_link,
                       now,      since,           &story.incoming.snippet};
  auto created = transaction.insert_alert(alert);
  if (!created) return created.error();
  if (*created) return JoinedAlert{**created, true};
  // Another process raised the alert of this link a moment ago: the story is its copy.
  auto claimed = transaction.alert_by_link(story.incoming.canonical_link, story.id, since);
  if (!claimed) return claimed.error();
  if (!*claimed) {
    return util::make_error("the alert claiming {} was not found", story.incoming.canonical_link);
  }
  return JoinedAlert{**claimed, false};
}

int next_sequence(const std::vector<PastDelivery>& deliveries, const std::string& endpoint) {
  int next = 0;
  for (const auto& past : deliveries) {
    if (past.endpoint == endpoint) next = std::max(next, past.sequence + 1);
  }
  return next;
}

bool told_before(const std::vector<PastDelivery>& deliveries, const std::string& endpoint) {
  return std::any_of(deliveries.begin(), deliveries.end(), [&](const PastDelivery& past) {
    return past.endpoint == endpoint && past.state != DeliveryState::held;
  });
}

util::Result<AlertContext> context_of(IngestTransaction& transaction, const NewStory& story,
                                      const JoinedAlert& alert, Epoch now) {
  AlertContext context{alert.id, alert.raised, &story.incoming, story.feed_url, now, {}, {}};
  auto rules = transaction.alert_rules(alert.id);
  if (!rules) return rules.error();
  auto deliveries = transaction.alert_deliveries(alert.id);
  if (!deliveries) return deliveries.error();
  context.rules = std::move(*rules);
  context.deliveries = std::move(*deliveries);
  return context;
}

void count(const PlannedDelivery& plan, bool follow_up, AlertNote& note, IngestResult& result) {
  if (plan.hold) {
    ++note.held;
    ++result.held;
    return;
  }
  ++note.queued;
  ++result.deliveries;
  if (follow_up) {
    ++note.follow_ups;
    ++result.follow_ups;
  }
}

// One round: asks the planner and writes its answer. False when another process wrote one
// of the same deliveries first, so the plan must be made again.
util::Result<bool> write_plan(IngestTransaction& transaction, const AlertContext& context,
                              const std::string& alert_key, const DeliveryPlanner& planner,
                              Epoch now, AlertNote& note, IngestResult& result) {
  bool complete = true;
  for (const auto& plan : planner.plan(context, now)) {
    const int sequence = next_sequence(context.deliveries, plan.endpoint);
    const NewDelivery delivery{context.alert_id, sequence,
                               webhook_id_for(alert_key, plan.endpoint, sequence), &plan};
    auto written = transaction.insert_delivery(delivery, now);
    if (!written) return written.error();
    if (*written) {
      count(plan, told_before(context.deliveries, plan.endpoint), note, result);
    } else {
      complete = false;
    }
  }
  return complete;
}

util::Status plan_deliveries(IngestTransaction& transaction, const NewStory& story,
                             const JoinedAlert& alert, const DeliveryPlanner& planner, Epoch now,
                             AlertNote& note, IngestResult& result) {
  auto alert_key = alert.raised ? util::Result<std::string>(story.story_key)
                                : transaction.alert_story_key(alert.id);
  if (!alert_key) return alert_key.error();
  for (int round = 0; round < k_planning_rounds; ++round) {
    auto context = context_of(transaction, story, alert, now);
    if (!context) return context.error();
    auto complete = write_plan(transaction, *context, *alert_key, planner, now, note, result);
    if (!complete) return complete.error();
    if (*complete) break;
  }
  return {};
}

// Stores the story's matches on the alert it raised or joined and writes the deliveries
// the planner asks for.
util::Status add_story(IngestTransaction& transaction, const NewStory& story, Epoch now,
                       const ClusterPolicy& policy, const DeliveryPlanner& planner,
                       IngestResult& result) {
  auto alert = alert_for(transaction, story, now, policy);
  if (!alert) return alert.error();
  const auto& item = story.incoming.item;
  AlertNote note{alert->id, alert->raised, item.title, item.link, {}, 0, 0, 0};
  for (const auto& match : story.incoming.matches) {
    auto stored = transaction.insert_match(story.id, alert->id, match, now);
    if (!stored) return stored.error();
    if (*stored) note.rule_ids.push_back(match.rule_id);
  }
  ++(alert->raised ? result.alerts_raised : result.copies);
  auto status = plan_deliveries(transaction, story, *alert, planner, now, note, result);
  if (!status) return status;
  result.alerts.push_back(std::move(note));
  return {};
}

}  // namespace

util::Result<IngestResult> ingest_items(IngestTransaction& transaction, std::int64_t feed_id,
                                        std::vector<IncomingItem> items, Epoch now,
                                        const ClusterPolicy& policy,
                                        const DeliveryPlanner& planner) {
  const auto feed = transaction.feed_identity(feed_id);
  if (!feed) return feed.error();
  IngestResult result;
  for (auto& incoming : items) {
    complete_story(incoming);
    const std::string outlet = outlet_of(incoming.canonical_link, feed_id);
    auto item_id = transaction.insert_item(feed_id, incoming, outlet, now);
    if (!item_id) return item_id.error();
    if (!*item_id) continue;  // already stored: neither stored nor alerted again
    ++result.new_items;
    if (incoming.matches.empty()) continue;
    const std::string story_key = story_key_of(*feed, incoming.item.id);
    const NewStory story{**item_id, incoming, outlet, story_key, *feed};
    if (auto status = add_story(transaction, story, now, policy, planner, result); !status) {
      return status.error();
    }
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return result;
}

}  // namespace newsmon::store
