#pragma once
// What a backend offers Store::ingest(): primitives inside one write transaction. The
// backend answers queries and enforces uniqueness with its constraints:
//   - an item once per feed and entry id;
//   - an alert once per raising item, and at most one alert at a time claiming a
//     canonical link (a story's link names its alert until the cluster window passes),
//     so two processes seeing copies of one story at the same moment raise one alert:
//     the second insert_alert() finds the claim and the story joins the first alert;
//   - a match once per item and rule;
//   - a delivery once per alert, endpoint and sequence number, so two processes planning
//     the same follow-up write it once (the loser plans again on what the winner wrote).
// Which story is a copy of which alert, and which webhooks get what, is decided above it
// (store/cluster.cpp, store/ingest.cpp and the DeliveryPlanner), once for every backend.
//
// A backend where several processes write at once (PostgreSQL) runs the transaction at
// READ COMMITTED: a statement that waited for another transaction's conflicting row sees
// that row once it is committed, which is what the retries above rely on.
//
// Lifetime: from Store::begin_ingest() to commit() or destruction. Destroyed without a
// successful commit(), it leaves the store as it was.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/store/planning.h"

namespace newsmon::store {

/// An alert a new story may be a copy of, with the SimHash of a story already in it (the
/// alert's own story or one of its copies).
struct AlertCandidate {
  std::int64_t alert_id = 0;
  std::uint64_t simhash = 0;
};

/// An alert to create for the story that raises it.
struct NewAlert {
  std::int64_t item_id = 0;
  std::string story_key;       ///< names the alert for good: webhook ids derive from it
  std::string canonical_link;  ///< the link it claims; empty: it claims none
  Epoch raised_at = 0;
  Epoch claims_since = 0;  ///< a claim on the link by an alert raised before this lapses
  const Snippet* snippet = nullptr;
};

/// A delivery to write, numbered and identified.
struct NewDelivery {
  std::int64_t alert_id = 0;
  int sequence = 0;
  std::string webhook_id;
  const PlannedDelivery* plan = nullptr;
};

class IngestTransaction {
 public:
  virtual ~IngestTransaction() = default;

  /// The feed's configured URL, which names its stories for good (webhook ids); an Error
  /// when there is no feed with this id.
  virtual util::Result<std::string> feed_identity(std::int64_t feed_id) = 0;

  /// Stores the item (its canonical link and SimHash already derived) with the outlet it
  /// came from, unless the feed already has its entry id. Its new id; nullopt when known.
  virtual util::Result<std::optional<std::int64_t>> insert_item(std::int64_t feed_id,
                                                                const IncomingItem& incoming,
                                                                const std::string& outlet,
                                                                Epoch now) = 0;

  /// The earliest alert raised at or after `since` one of whose stories (its own or a
  /// copy) has this canonical link; the item `except_item` does not count.
  virtual util::Result<std::optional<std::int64_t>> alert_by_link(const std::string& canonical_link,
                                                                  std::int64_t except_item,
                                                                  Epoch since) = 0;

  /// The alerts raised at or after `since`, once per story of theirs with a SimHash, from
  /// outlets other than `except_outlet` and items other than `except_item`; earliest
  /// alert first.
  virtual util::Result<std::vector<AlertCandidate>> alert_candidates(
      Epoch since, const std::string& except_outlet, std::int64_t except_item) = 0;

  /// Creates the alert. When its canonical link is claimed by an alert raised at or after
  /// alert.claims_since (another process raised it a moment ago), creates nothing and
  /// returns nullopt: the story is a copy of that one. An older claim is taken over.
  virtual util::Result<std::optional<std::int64_t>> insert_alert(const NewAlert& alert) = 0;

  /// The story key the alert was created with.
  virtual util::Result<std::string> alert_story_key(std::int64_t alert_id) = 0;

  /// Stores the match of a story of the alert, unless the item already has a match for
  /// this rule. True when stored.
  virtual util::Result<bool> insert_match(std::int64_t item_id, std::int64_t alert_id,
                                          const rules::Match& match, Epoch now) = 0;

  /// The rules of the alert's matches, once each (as first stored), in order stored.
  virtual util::Result<std::vector<AlertRule>> alert_rules(std::int64_t alert_id) = 0;

  /// The alert's deliveries, by endpoint, then sequence.
  virtual util::Result<std::vector<PastDelivery>> alert_deliveries(std::int64_t alert_id) = 0;

  /// Writes the delivery (pending and due at plan->due, or held), unless the alert
  /// already has one with this endpoint and sequence. True when written.
  virtual util::Result<bool> insert_delivery(const NewDelivery& delivery, Epoch now) = 0;

  /// Makes everything done in the transaction durable, at once.
  virtual util::Status commit() = 0;
};

}  // namespace newsmon::store
