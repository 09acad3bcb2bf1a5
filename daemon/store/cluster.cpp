#include "daemon/store/cluster.h"

#include <algorithm>

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

std::chrono::seconds cluster_window(const IncomingItem& incoming, const ClusterPolicy& policy) {
  std::chrono::seconds window{0};
  for (const auto& match : incoming.matches) {
    window = std::max(window, match.suppress.count() > 0 ? match.suppress : policy.window);
  }
  return window.count() > 0 ? window : policy.window;
}

util::Result<std::optional<std::int64_t>> earlier_alert(IngestTransaction& transaction,
                                                        std::int64_t item_id,
                                                        const IncomingItem& incoming,
                                                        const std::string& outlet, Epoch now,
                                                        const ClusterPolicy& policy) {
  const Epoch since = now - cluster_window(incoming, policy).count();
  if (!incoming.canonical_link.empty()) {
    auto by_link = transaction.alert_by_link(incoming.canonical_link, item_id, since);
    if (!by_link || *by_link) return by_link;
  }
  if (!incoming.simhash) return std::optional<std::int64_t>();
  auto candidates = transaction.alert_candidates(since, outlet, item_id);
  if (!candidates) return candidates.error();
  return nearest(*candidates, *incoming.simhash, policy.max_hamming_distance);
}

}  // namespace newsmon::store
