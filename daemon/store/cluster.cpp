#include "daemon/store/cluster.h"

#include "daemon/util/simhash.h"
#include "daemon/util/url.h"

namespace newsmon::store {
namespace {

std::optional<std::int64_t> nearest(const std::vector<AlertCandidate>& candidates,
                                    std::uint64_t simhash, int max_distance) {
  std::optional<std::int64_t> found;
  int found_distance = max_distance + 1;
  for (const auto& candidate : candidates) {
    const int distance = util::hamming_distance(simhash, candidate.simhash);
    if (distance < found_distance) {
      found = candidate.alert_id;
      found_distance = distance;
    }
  }
  return found;
}

}  // namespace

void complete_story(IncomingItem& incoming) {
  if (incoming.canonical_link.empty() && !incoming.item.link.empty()) {
    incoming.canonical_link = util::canonical_link(incoming.item.link);
  }
  if (!incoming.simhash) {
    incoming.simhash = util::story_simhash(incoming.item.title, incoming.item.summary);
  }
}

std::string outlet_of(const std::string& canonical_link, std::int64_t feed_id) {
  std::string host = util::url_host(canonical_link);
  return host.empty() ? "feed:" + std::to_string(feed_id) : host;
}

util::Result<std::optional<std::int64_t>> earlier_alert(
    IngestTransaction& transaction, std::int64_t item_id, const IncomingItem& incoming,
    const std::string& outlet, const rules::Match& match, Epoch now, const ClusterPolicy& policy) {
  const auto window = match.suppress.count() > 0 ? match.suppress : policy.window;
  const Epoch since = now - window.count();
  if (!incoming.canonical_link.empty()) {
    auto by_link =
        transaction.alert_by_link(incoming.canonical_link, item_id, match.rule_id, since);
    if (!by_link || *by_link) return by_link;
  }
  if (!incoming.simhash) return std::optional<std::int64_t>();
  auto candidates = transaction.alert_candidates(match.rule_id, since, outlet, item_id);
  if (!candidates) return candidates.error();
  return nearest(*candidates, *incoming.simhash, policy.max_hamming_distance);
}

}  // namespace newsmon::store
