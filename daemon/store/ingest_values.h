#pragma once
// The values each ingest statement binds, in the order of its parameters, and the rows its
// selects give back, the same in every backend: a backend passes them to its own driver
// with its own SQL. Each `bind` is called once with the values and its result returned.
// Private to store/.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/store/ingest_transaction.h"
#include "daemon/store/row_readers.h"
#include "daemon/util/crypto.h"

namespace newsmon::store::ingest_values {

/// A SimHash as the signed 64-bit integer a column holds.
inline std::optional<std::int64_t> stored_simhash(const std::optional<std::uint64_t>& simhash) {
  if (!simhash) return std::nullopt;
  return std::bit_cast<std::int64_t>(*simhash);
}

/// Parameters: feed_id, entry_id, link, canonical_link, host, title, summary, content,
/// content_hash, simhash, published_at, published_status, published_raw, first_seen.
template <typename Bind>
decltype(auto) item(std::int64_t feed_id, const IncomingItem& incoming, const std::string& outlet,
                    Epoch now, Bind&& bind) {
  const feed::Item& item = incoming.item;
  std::string hashed = item.title;
  hashed.append(1, '\0').append(item.summary).append(1, '\0').append(item.content);
  return bind(
      feed_id, item.id, item.link, incoming.canonical_link, outlet, item.title, item.summary,
      item.content, util::sha256_hex(hashed), stored_simhash(incoming.simhash),
      item.published.has_value() ? std::optional(item.published.epoch_seconds) : std::nullopt,
      feed::k_date_status_names.name_of(item.published.status), item.published.raw, now);
}

/// Parameters: item_id, story_key, open_link ('' for none), raised_at, snippet.
template <typename Bind>
decltype(auto) alert(const NewAlert& alert, Bind&& bind) {
  return bind(alert.item_id, alert.story_key, alert.canonical_link, alert.raised_at,
              alert.snippet ? rows::snippet_json(*alert.snippet) : std::string("{}"));
}

/// Parameters: item_id, alert_id, rule_id, rule_title, severity, topics, hits, events,
/// created_at.
template <typename Bind>
decltype(auto) match(std::int64_t item_id, std::int64_t alert_id, const rules::Match& match,
                     Epoch now, Bind&& bind) {
  return bind(item_id, alert_id, match.rule_id, match.rule_title,
              rules::severity_name(match.severity), nlohmann::json(match.topics).dump(),
              nlohmann::json(match.hits).dump(), nlohmann::json(match.events).dump(), now);
}

/// Parameters: alert_id, endpoint, sequence, webhook_id, rules, topics, severity, state,
/// hold_reason, silence_id, digest_window, next_attempt_at, created_at.
template <typename Bind>
decltype(auto) delivery(const NewDelivery& delivery, Epoch now, Bind&& bind) {
  const PlannedDelivery& plan = *delivery.plan;
  const auto state = plan.hold ? DeliveryState::held : DeliveryState::pending;
  const auto hold = plan.hold ? std::optional<std::string>(k_hold_reason_names.name_of(*plan.hold))
                              : std::nullopt;
  return bind(delivery.alert_id, plan.endpoint, delivery.sequence, delivery.webhook_id,
              nlohmann::json(plan.notice.rules).dump(), nlohmann::json(plan.notice.topics).dump(),
              rules::severity_name(plan.notice.severity), delivery_state_name(state), hold,
              plan.silence_id, plan.digest_window, plan.due, now);
}

/// Columns: alert id, simhash.
template <typename Row>
AlertCandidate read_candidate(const Row& row) {
  return AlertCandidate{row.int64(0), std::bit_cast<std::uint64_t>(row.int64(1))};
}

/// Columns: rule_id, rule_title, topics, severity.
template <typename Row>
AlertRule read_rule(const Row& row) {
  return AlertRule{row.text(0), row.text(1), rows::string_array(row.text(2)),
                   rows::severity_of(row.text(3))};
}

/// Columns: endpoint, sequence, state, rules, topics, severity.
template <typename Row>
PastDelivery read_past_delivery(const Row& row) {
  return PastDelivery{row.text(0), row.integer(1),
                      k_delivery_state_names.find(row.text(2)).value_or(DeliveryState::pending),
                      rows::notice_of(row, 3)};
}

/// The rules in their order, each once (the first row of a rule matched by several items).
inline std::vector<AlertRule> unique_rules(std::vector<AlertRule> rules) {
  std::vector<AlertRule> unique;
  for (auto& rule : rules) {
    const bool seen = std::any_of(unique.begin(), unique.end(),
                                  [&](const AlertRule& other) { return other.id == rule.id; });
    if (!seen) unique.push_back(std::move(rule));
  }
  return unique;
}

}  // namespace newsmon::store::ingest_values
