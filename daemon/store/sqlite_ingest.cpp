// Items, matches and their deliveries: ingest() and the story clustering behind it.

#include <bit>

#include <nlohmann/json.hpp>

#include "daemon/store/sqlite_store.h"
#include "daemon/store/webhook_id.h"
#include "daemon/util/crypto.h"
#include "daemon/util/simhash.h"
#include "daemon/util/url.h"

namespace newsmon::store {
namespace {

constexpr const char* k_known_entry_ids =
    "SELECT value FROM json_each(?2) "
    "WHERE EXISTS (SELECT 1 FROM items WHERE feed_id = ?1 AND entry_id = value)";

constexpr const char* k_feed_url = "SELECT configured_url FROM feeds WHERE id = ?1";

constexpr const char* k_insert_item =
    "INSERT INTO items (feed_id, entry_id, link, canonical_link, host, title, summary, content, "
    "content_hash, simhash, published_at, published_status, published_raw, first_seen) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
    "ON CONFLICT (feed_id, entry_id) DO NOTHING RETURNING id";

// A copy's own row points at the alert it was folded into; either may be the one found.
constexpr const char* k_cluster_by_link =
    "SELECT primary_match.id FROM items item "
    "JOIN matches copy ON copy.item_id = item.id AND copy.rule_id = ?3 "
    "JOIN matches primary_match ON primary_match.id = COALESCE(copy.cluster_of, copy.id) "
    "WHERE item.canonical_link = ?1 AND item.id <> ?2 AND primary_match.created_at >= ?4 "
    "ORDER BY primary_match.created_at, primary_match.id LIMIT 1";

constexpr const char* k_cluster_candidates =
    "SELECT primary_match.id, item.simhash FROM matches copy "
    "JOIN items item ON item.id = copy.item_id "
    "JOIN matches primary_match ON primary_match.id = COALESCE(copy.cluster_of, copy.id) "
    "WHERE copy.rule_id = ?1 AND copy.created_at >= ?2 AND primary_match.created_at >= ?2 "
    "AND item.simhash IS NOT NULL AND item.host <> ?3 AND item.id <> ?4 "
    "ORDER BY primary_match.created_at, primary_match.id";

constexpr const char* k_insert_match =
    "INSERT INTO matches (item_id, rule_id, rule_title, severity, topics, hits, events, "
    "created_at, cluster_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (item_id, rule_id) DO NOTHING RETURNING id";

constexpr const char* k_insert_delivery =
    "INSERT INTO deliveries (match_id, endpoint, webhook_id, next_attempt_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING";

// The outlet a story came from, for the rule that SimHash compares only across outlets.
std::string outlet_of(const std::string& canonical_link, std::int64_t feed_id) {
  std::string host = util::url_host(canonical_link);
  return host.empty() ? "feed:" + std::to_string(feed_id) : host;
}

void complete(IncomingItem& incoming) {
  if (incoming.canonical_link.empty() && !incoming.item.link.empty()) {
    incoming.canonical_link = util::canonical_link(incoming.item.link);
  }
  if (!incoming.simhash) {
    incoming.simhash = util::story_simhash(incoming.item.title, incoming.item.summary);
  }
}

std::optional<std::int64_t> stored_simhash(const std::optional<std::uint64_t>& simhash) {
  if (!simhash) return std::nullopt;
  return std::bit_cast<std::int64_t>(*simhash);
}

}  // namespace

util::Result<std::vector<std::string>> SqliteStore::known_entry_ids(
    std::int64_t feed_id, const std::vector<std::string>& entry_ids) {
  std::lock_guard lock(m_mutex);
  auto select = statement(k_known_entry_ids);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(feed_id, nlohmann::json(entry_ids).dump());
  std::vector<std::string> known;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return known;
    known.push_back(query->text(0));
  }
}

util::Result<IngestResult> SqliteStore::ingest(std::int64_t feed_id,
                                               std::vector<IncomingItem> items, Epoch now,
                                               const ClusterPolicy& policy) {
  std::lock_guard lock(m_mutex);
  sqlite::WriteTransaction transaction(m_database);
  if (!transaction.begun()) return transaction.begun().error();
  auto feed_url = statement(k_feed_url);
  if (!feed_url) return feed_url.error();
  std::string configured_url;
  {
    sqlite::Query query(**feed_url);
    query->bind(1, feed_id);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return util::make_error("no feed with id {} in the database", feed_id);
    configured_url = query->text(0);
  }
  IngestResult result;
  for (auto& incoming : items) {
    complete(incoming);
    const std::string outlet = outlet_of(incoming.canonical_link, feed_id);
    auto item_id = insert_item(feed_id, incoming, outlet, now);
    if (!item_id) return item_id.error();
    if (!*item_id) continue;  // already stored: neither stored nor alerted again
    ++result.new_items;
    const std::string story_key = story_key_of(configured_url, incoming.item.id);
    for (const auto& planned : incoming.matches) {
      auto cluster = find_cluster(**item_id, incoming, outlet, planned.match, now, policy);
      if (!cluster) return cluster.error();
      auto match_id = insert_match(**item_id, planned.match, now, *cluster);
      if (!match_id) return match_id.error();
      if (*match_id == 0) continue;  // the same rule twice for one item
      if (*cluster) {
        ++result.clustered_matches;
        continue;
      }
      ++result.new_matches;
      result.alerts.push_back(
          {*match_id, planned.match.rule_id, incoming.item.title, incoming.item.link});
      if (auto status = insert_deliveries(*match_id, story_key, planned, now, result); !status) {
        return status.error();
      }
    }
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return result;
}

util::Result<std::optional<std::int64_t>> SqliteStore::insert_item(std::int64_t feed_id,
                                                                   const IncomingItem& incoming,
                                                                   const std::string& outlet,
                                                                   Epoch now) {
  const feed::Item& item = incoming.item;
  auto insert = statement(k_insert_item);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  std::string hashed = item.title;
  hashed.append(1, '\0').append(item.summary).append(1, '\0').append(item.content);
  query->bind_all(
      feed_id, item.id, item.link, incoming.canonical_link, outlet, item.title, item.summary,
      item.content, util::sha256_hex(hashed), stored_simhash(incoming.simhash),
      item.published.has_value() ? std::optional(item.published.epoch_seconds) : std::nullopt,
      feed::k_date_status_names.name_of(item.published.status), item.published.raw, now);
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional(query->int64(0));
}

util::Result<std::optional<std::int64_t>> SqliteStore::find_cluster(
    std::int64_t item_id, const IncomingItem& incoming, const std::string& outlet,
    const rules::Match& match, Epoch now, const ClusterPolicy& policy) {
  const auto window = match.suppress.count() > 0 ? match.suppress : policy.window;
  const Epoch since = now - window.count();
  if (!incoming.canonical_link.empty()) {
    auto by_link = find_cluster_by_link(item_id, incoming.canonical_link, match.rule_id, since);
    if (!by_link || *by_link) return by_link;
  }
  if (!incoming.simhash) return std::optional<std::int64_t>();
  return find_cluster_by_simhash(item_id, *incoming.simhash, outlet, match.rule_id, since,
                                 policy.max_hamming_distance);
}

util::Result<std::optional<std::int64_t>> SqliteStore::find_cluster_by_link(
    std::int64_t item_id, const std::string& link, const std::string& rule_id, Epoch since) {
  auto select = statement(k_cluster_by_link);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(link, item_id, rule_id, since);
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional(query->int64(0));
}

util::Result<std::optional<std::int64_t>> SqliteStore::find_cluster_by_simhash(
    std::int64_t item_id, std::uint64_t simhash, const std::string& host,
    const std::string& rule_id, Epoch since, int max_distance) {
  auto select = statement(k_cluster_candidates);
  if (!select) return select.error();
  sqlite::Query query(**select);
  query->bind_all(rule_id, since, host, item_id);
  std::optional<std::int64_t> nearest;
  int nearest_distance = max_distance + 1;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return nearest;
    const int distance =
        util::hamming_distance(simhash, std::bit_cast<std::uint64_t>(query->int64(1)));
    if (distance < nearest_distance) {
      nearest = query->int64(0);
      nearest_distance = distance;
    }
  }
}

util::Result<std::int64_t> SqliteStore::insert_match(std::int64_t item_id,
                                                     const rules::Match& match, Epoch now,
                                                     std::optional<std::int64_t> cluster_of) {
  auto insert = statement(k_insert_match);
  if (!insert) return insert.error();
  sqlite::Query query(**insert);
  query->bind_all(item_id, match.rule_id, match.rule_title, rules::severity_name(match.severity),
                  nlohmann::json(match.topics).dump(), nlohmann::json(match.hits).dump(),
                  nlohmann::json(match.events).dump(), now, cluster_of);
  auto row = query->step();
  if (!row) return row.error();
  return *row ? query->int64(0) : std::int64_t{0};
}

util::Status SqliteStore::insert_deliveries(std::int64_t match_id, const std::string& story_key,
                                            const PlannedMatch& planned, Epoch now,
                                            IngestResult& result) {
  auto insert = statement(k_insert_delivery);
  if (!insert) return insert.error();
  for (const auto& endpoint : planned.endpoints) {
    sqlite::Query query(**insert);
    query->bind_all(match_id, endpoint, webhook_id_for(story_key, planned.match.rule_id, endpoint),
                    now);
    if (auto status = query->run(); !status) return status;
    result.deliveries += m_database.changes();
  }
  return {};
}

}  // namespace newsmon::store
