#include "daemon/poll/ingest.h"

#include <unordered_set>

#include <spdlog/spdlog.h>

#include "daemon/alert/evidence.h"
#include "daemon/util/redact.h"
#include "daemon/util/text.h"

namespace newsmon::poll {
namespace {

std::string deliveries_text(const store::AlertNote& note) {
  std::vector<std::string> parts;
  if (note.queued > note.follow_ups)
    parts.push_back(std::to_string(note.queued - note.follow_ups) + " to send");
  if (note.follow_ups > 0) parts.push_back(std::to_string(note.follow_ups) + " follow-ups");
  if (note.held > 0) parts.push_back(std::to_string(note.held) + " held");
  return parts.empty() ? std::string("no webhook message") : util::join(parts, ", ");
}

// One line per story with matches: whether it raised an alert or joined one, its rules,
// and what became of it for the webhooks.
void log_alerts(const store::FeedState& feed, const std::vector<store::AlertNote>& notes) {
  const std::string source = feed.title.empty() ? util::redact_url(feed.url) : feed.title;
  for (const auto& note : notes) {
    spdlog::info("{} {}: \"{}\" <{}> from {}: rules {}; {}",
                 note.raised ? "alert" : "copy of alert", note.alert_id, note.title,
                 util::redact_url(note.link), source, util::join(note.rule_ids, ", "),
                 deliveries_text(note));
  }
}

std::vector<rules::Hit> all_hits(const std::vector<rules::Match>& matches) {
  std::vector<rules::Hit> hits;
  for (const auto& match : matches) hits.insert(hits.end(), match.hits.begin(), match.hits.end());
  return hits;
}

}  // namespace

Ingester::Ingester(store::Store& store, const util::Clock& clock)
    : m_store(store), m_clock(clock) {}

void Ingester::set_rules(std::shared_ptr<const rules::RuleSet> rules) {
  m_rules = std::move(rules);
}

void Ingester::set_routing(std::vector<alert::Endpoint> endpoints, store::ClusterPolicy cluster,
                           alert::RoutingPolicy routing) {
  m_endpoints = std::move(endpoints);
  m_cluster = cluster;
  m_routing = routing;
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
    incoming.matches = m_rules->match(story);
    if (!incoming.matches.empty()) {
      incoming.snippet = alert::snippet_of(story, alert::clean_hits(all_hits(incoming.matches)));
    }
  }
  incoming.item = std::move(item);
  return incoming;
}

void Ingester::refresh_silences(store::Epoch now) {
  if (m_silences_read && now - m_silences_read_at < k_silence_refresh.count()) return;
  auto active = m_store.silences({store::SilenceState::active, now, 1000, 0});
  if (!active) {
    spdlog::error("cannot read the silences: {}; the last ones read still hold",
                  active.error().message);
    return;
  }
  m_silences_read = true;
  m_silences_read_at = now;
  if (*active == m_silences.list()) return;
  std::vector<util::Error> errors;
  m_silences = alert::Silences(std::move(*active), errors);
  for (const auto& error : errors) spdlog::warn("{}", error.message);
  spdlog::info("{} silence(s) active", m_silences.list().size());
}

void Ingester::count(const store::IngestResult& result) {
  for (const auto& note : result.alerts) {
    if (!note.raised) continue;
    for (const auto& rule : note.rule_ids) ++m_alerts_by_rule[rule];
  }
  m_copies += static_cast<std::uint64_t>(result.copies);
  m_follow_ups += static_cast<std::uint64_t>(result.follow_ups);
  m_held += static_cast<std::uint64_t>(result.held);
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

  const auto now = util::to_epoch_seconds(m_clock.now());
  refresh_silences(now);
  const alert::Router router(m_endpoints, m_routing, m_silences);
  auto result = m_store.ingest(feed.id, std::move(incoming), now, m_cluster, router);
  if (!result) return result.error();
  log_alerts(feed, result->alerts);
  count(*result);
  if (result->deliveries > 0 && m_on_new_deliveries) m_on_new_deliveries();
  return result;
}

}  // namespace newsmon::poll
