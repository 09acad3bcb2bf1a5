#pragma once
// The gate between the in-memory schedule and a poll when several daemons share one
// store: a feed the schedule finds due is polled only once this instance claimed it in
// the store (store::Store::claim_feeds). Claims are taken in one batch per pass of the
// timer; a feed another instance holds or has just polled takes the stored state
// instead, so the schedule here follows what was done elsewhere. A claim lasts long
// enough for a poll that waits its turn at its host, times out and waits for the network
// verdict; claims of polls still under way are renewed before they run out.
//
// Not thread-safe (but refused()): the poller uses it on its io_context's thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "daemon/poll/feed_table.h"
#include "daemon/store/store.h"
#include "daemon/util/log.h"

namespace newsmon::poll {

class FeedClaims {
 public:
  /// The store must outlive this object.
  FeedClaims(store::Store& store, std::chrono::seconds lease) : m_store(store), m_lease(lease) {}

  /// Claims the feeds among `ids` that are not busy (a busy feed is being polled under
  /// this instance's claim already) and returns, in the order given, the ids this
  /// instance may poll now: the busy ones and those claimed. A feed not claimed takes the
  /// state stored by whoever polled or holds it, and is next due when that poll's outcome
  /// says; while another holds it, when that lease runs out or one interval of the feed
  /// has passed, whichever comes first. When the store fails, every id is returned: a
  /// daemon keeps polling through a busy or full disk, as without claims (logged at debug
  /// level: the poll's own save reports the store's trouble).
  std::vector<std::int64_t> claim(FeedTable& feeds, const std::vector<std::int64_t>& ids,
                                  store::Epoch now, store::ClaimScope scope);

  /// Renews the claims of busy feeds that run out within half a lease.
  void renew(FeedTable& feeds, store::Epoch now);

  /// Gives the claims on these feeds back without a poll's outcome (cancelled polls).
  void release(const std::vector<std::int64_t>& ids);

  /// Feeds not polled here because another instance held or had polled them.
  std::uint64_t refused() const { return m_refused.load(); }

 private:
  void take(PolledFeed& feed, store::FeedClaim claim, store::Epoch now);
  void trouble(std::string_view doing, const util::Error& error);

  store::Store& m_store;
  std::chrono::seconds m_lease;
  std::atomic<std::uint64_t> m_refused{0};  // read by counters() on any thread
  util::LogThrottle m_trouble;
};

/// How long a claim lasts for polls with this timeout: two timeouts and the network
/// verdict's wait, two minutes at least.
std::chrono::seconds claim_lease(std::chrono::milliseconds timeout);

}  // namespace newsmon::poll
