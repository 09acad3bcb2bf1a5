#pragma once
// What goes into Store::ingest() and what it asks of the caller along the way: new items
// with their matches, how near copies of a story must be, and the DeliveryPlanner that
// decides, for each alert a story raises or joins, which webhooks get a message now. The
// planner lives above the store (alert/routing.h); the store calls it inside the ingest
// transaction so an alert and its deliveries are written together.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/feed/item.h"
#include "daemon/rules/match.h"
#include "daemon/store/records.h"

namespace newsmon::store {

/// A new item from a poll, with what the rules found in it.
struct IncomingItem {
  feed::Item item;
  /// Optional: the store derives both from the item when they are left empty / unset.
  /// Set them only to override (tests do).
  std::string canonical_link;            ///< util::canonical_link(item.link)
  std::optional<std::uint64_t> simhash;  ///< util::story_simhash(title, summary)
  std::vector<rules::Match> matches;
  Snippet snippet;  ///< shown when this story raises an alert
};

/// How near two stories must be to count as one (one alert per story cluster).
/// Two stories are one when their canonical links are equal, or when they come from
/// different hosts (outlets) and the SimHash fingerprints of their title and summary
/// differ in at most max_hamming_distance bits. Stories of one outlet are compared by
/// link only: an outlet's recurring series ("key events, day 341") reads alike every day.
struct ClusterPolicy {
  /// How long after an alert copies join it. A rule's own `suppress` replaces it for the
  /// stories that rule matches; a story matching several rules takes the longest.
  std::chrono::seconds window{48 * 3600};
  /// Measured on the shared development corpus: distinct stories on the same topics are
  /// 16 bits or more apart; a reworded headline over the same summary is 4 to 11 apart.
  int max_hamming_distance = 12;
};

/// A rule of an alert, as its first match on any of the alert's stories gave it.
struct AlertRule {
  std::string id;
  std::string title;
  std::vector<std::string> topics;
  rules::Severity severity = rules::Severity::medium;
};

/// A delivery already written for an alert.
struct PastDelivery {
  std::string endpoint;
  int sequence = 0;
  DeliveryState state = DeliveryState::pending;
  Notice notice;
};

/// What the planner is shown when a story raises or joins an alert.
struct AlertContext {
  std::int64_t alert_id = 0;
  bool raised = false;                   ///< this story raised the alert (else it is a copy)
  const IncomingItem* story;             ///< the story that arrived
  std::string feed_url;                  ///< its feed, as configured
  Epoch first_seen = 0;                  ///< now, for the story that arrived
  std::vector<AlertRule> rules;          ///< every rule of the alert, this story's included
  std::vector<PastDelivery> deliveries;  ///< by endpoint, then sequence
};

/// A delivery the planner wants written.
struct PlannedDelivery {
  std::string endpoint;
  Notice notice;
  Epoch due = 0;                           ///< when to send it first
  std::optional<Epoch> digest_window;      ///< the end of its digest window, if any
  std::optional<HoldReason> hold;          ///< written as held, never sent
  std::optional<std::int64_t> silence_id;  ///< the silence that held it
};

/// Decides the deliveries of an alert. Pure with respect to the store: it sees what the
/// context shows and answers; the store numbers and writes what it answers.
class DeliveryPlanner {
 public:
  virtual ~DeliveryPlanner() = default;
  /// The deliveries to write now, at most one per endpoint.
  virtual std::vector<PlannedDelivery> plan(const AlertContext& alert, Epoch now) const = 0;
};

/// An alert a story raised or joined in one ingest(), for logging.
struct AlertNote {
  std::int64_t alert_id = 0;
  bool raised = false;  ///< false: the story was a copy of an earlier alert
  std::string title;
  std::string link;
  std::vector<std::string> rule_ids;  ///< the rules this story matched
  int queued = 0;                     ///< deliveries written to be sent
  int follow_ups = 0;                 ///< of which follow-ups
  int held = 0;                       ///< deliveries written as held
};

struct IngestResult {
  int new_items = 0;              ///< items stored (already-known ones are skipped)
  int alerts_raised = 0;          ///< stories that raised an alert
  int copies = 0;                 ///< stories folded into an earlier alert
  int deliveries = 0;             ///< deliveries written to be sent, follow-ups included
  int follow_ups = 0;             ///< of which follow-ups
  int held = 0;                   ///< deliveries written as held (backlog, silences)
  std::vector<AlertNote> alerts;  ///< one per story with matches, in order
};

}  // namespace newsmon::store
