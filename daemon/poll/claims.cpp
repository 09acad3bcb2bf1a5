#include "daemon/poll/claims.h"

#include <algorithm>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "daemon/poll/deferred_failures.h"

namespace newsmon::poll {

std::chrono::seconds claim_lease(std::chrono::milliseconds timeout) {
  const auto needed = std::chrono::duration_cast<std::chrono::seconds>(2 * timeout) +
                      std::chrono::seconds(k_verdict_wait_seconds);
  return std::max(needed, std::chrono::seconds(120));
}

std::vector<std::int64_t> FeedClaims::claim(FeedTable& feeds, const std::vector<std::int64_t>& ids,
                                            store::Epoch now, store::ClaimScope scope) {
  std::vector<std::int64_t> asked;
  for (const auto id : ids) {
    if (!feeds.at(id).busy) asked.push_back(id);
  }
  if (asked.empty()) return ids;
  auto claims = m_store.claim_feeds(asked, now, m_lease, scope);
  if (!claims) {
    trouble("claiming feeds to poll", claims.error());
    return ids;
  }
  std::unordered_map<std::int64_t, bool> claimed;
  for (auto& claim : *claims) {
    claimed[claim.state.id] = claim.claimed;
    take(feeds.at(claim.state.id), std::move(claim), now);
  }
  std::vector<std::int64_t> granted;
  for (const auto id : ids) {
    auto& feed = feeds.at(id);
    const auto found = claimed.find(id);
    if (feed.busy || (found != claimed.end() && found->second)) {
      granted.push_back(id);
    } else if (found == claimed.end()) {
      // Inactive in the store: another daemon's configuration lacks it. Ask again later.
      ++m_refused;
      feed.state.next_poll_at = now + m_lease.count();
    }
  }
  return granted;
}

void FeedClaims::take(PolledFeed& feed, store::FeedClaim claim, store::Epoch now) {
  auto& stored = claim.state;
  if (claim.claimed) {
    // Polled elsewhere since this instance last did: start from that poll's validators.
    if (stored.last_poll_at > feed.state.last_poll_at) feed.state = stored;
    feed.state.lease_holder = stored.lease_holder;
    feed.state.lease_until = stored.lease_until;
    return;
  }
  ++m_refused;
  const bool held = stored.lease_until > stored.next_poll_at;
  feed.state = std::move(stored);
  if (!held) return;
  // Held by a live lease of another: look again when it runs out, or one interval from
  // now when the feed's interval is known and shorter. The holder's poll is saved long
  // before its lease ends; waiting out the lease would leave this daemon idle for minutes
  // whenever another one won the race for a batch of feeds.
  feed.state.next_poll_at = feed.state.lease_until;
  const std::int64_t interval = feed.every ? feed.every->count() : feed.state.interval_seconds;
  if (interval > 0) feed.state.next_poll_at = std::min(feed.state.next_poll_at, now + interval);
}

void FeedClaims::renew(FeedTable& feeds, store::Epoch now) {
  std::vector<std::int64_t> ending;
  for (const auto id : feeds.active_ids()) {
    const auto& state = feeds.at(id).state;
    if (feeds.at(id).busy && state.lease_until != 0 &&
        state.lease_until - now < m_lease.count() / 2) {
      ending.push_back(id);
    }
  }
  if (ending.empty()) return;
  auto claims = m_store.claim_feeds(ending, now, m_lease, store::ClaimScope::any);
  if (!claims) return trouble("renewing feed claims", claims.error());
  for (const auto& claim : *claims) {
    if (claim.claimed) feeds.at(claim.state.id).state.lease_until = claim.state.lease_until;
  }
}

void FeedClaims::release(const std::vector<std::int64_t>& ids) {
  if (auto status = m_store.release_feeds(ids); !status) {
    trouble("releasing feed claims", status.error());
  }
}

// The same trouble fails the poll's save or ingest a moment later, and the poller reports
// that once a minute: said here again it would only repeat it.
void FeedClaims::trouble(std::string_view doing, const util::Error& error) {
  if (const auto held_back = m_trouble.admit()) {
    spdlog::debug("{}: {}; polling on without claims ({} more such errors held back)", doing,
                  error.message, *held_back);
  }
}

}  // namespace newsmon::poll
