#pragma once
// What a backend offers Store::ingest(): primitives inside one write transaction. The
// backend answers queries and enforces uniqueness with its constraints (an item once per
// feed and entry id, a match once per item and rule, a delivery once per match and
// endpoint); which match is a copy of an earlier alert is decided above it, in
// store/cluster.cpp, once for every backend.
//
// Lifetime: from Store::begin_ingest() to commit() or destruction. Destroyed without a
// successful commit(), it leaves the store as it was. Other writers wait meanwhile.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/store/store.h"

namespace newsmon::store {

/// An alert a new match may be a copy of, with the SimHash of a story already folded
/// into it (the alert's own story or one of its copies).
struct AlertCandidate {
  std::int64_t alert_id = 0;  ///< the match that raised the alert
  std::uint64_t simhash = 0;
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

  /// The earliest alert for the rule raised at or after `since` whose story, or a copy
  /// folded into it, has this canonical link; the item `except_item` does not count.
  virtual util::Result<std::optional<std::int64_t>> alert_by_link(const std::string& canonical_link,
                                                                  std::int64_t except_item,
                                                                  const std::string& rule_id,
                                                                  Epoch since) = 0;

  /// The alerts for the rule raised at or after `since`, once per story with a SimHash
  /// matched since then (the alert's own or a copy's), from outlets other than
  /// `except_outlet` and items other than `except_item`; earliest alert first.
  virtual util::Result<std::vector<AlertCandidate>> alert_candidates(
      const std::string& rule_id, Epoch since, const std::string& except_outlet,
      std::int64_t except_item) = 0;

  /// Stores the match, as a copy of `copy_of` when given, unless the item already has a
  /// match for this rule. Its new id; nullopt when there was one.
  virtual util::Result<std::optional<std::int64_t>> insert_match(
      std::int64_t item_id, const rules::Match& match, Epoch now,
      std::optional<std::int64_t> copy_of) = 0;

  /// Queues a delivery of the match to the endpoint, due now, unless there is one.
  /// True when it was queued.
  virtual util::Result<bool> insert_delivery(std::int64_t match_id, const std::string& endpoint,
                                             const std::string& webhook_id, Epoch now) = 0;

  /// Makes everything done in the transaction durable, at once.
  virtual util::Status commit() = 0;
};

}  // namespace newsmon::store
