#pragma once
// The feeds the poller holds: each feed's state as last saved or being changed by a poll,
// its configured interval, and whether it is active and busy. Answers which feeds are
// due and when the next one is. No I/O; not thread-safe.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/poll/config.h"
#include "daemon/store/store.h"

namespace newsmon::poll {

/// What the last full response said about timing, kept for polls answered with 304.
struct PublisherHints {
  std::optional<std::chrono::seconds> ttl;
  std::vector<int> skip_hours;
  std::vector<std::string> skip_days;
};

struct PolledFeed {
  store::FeedState state;
  std::optional<std::chrono::seconds> every;  ///< configured fixed interval
  bool active = true;                         ///< in the configuration
  bool busy = false;                          ///< queued, in flight or awaiting a verdict
  bool discovered = false;  ///< this poll already followed an HTML page to its feed
  PublisherHints hints;
};

/// The configured feeds without repeats: their URLs in order, and each one's interval.
struct FeedList {
  std::vector<std::string> urls;
  std::map<std::string, std::optional<std::chrono::seconds>> every;
};
FeedList unique_feeds(const std::vector<FeedConfig>& configured);

class FeedTable {
 public:
  /// Makes these (as store::Store::sync_feeds returned them) the active feeds: new ones
  /// are added, known ones take the stored state unless a poll of theirs is under way
  /// (that poll's outcome wins), the others become inactive. Returns how many are active.
  std::size_t sync(std::vector<store::FeedState> active, const FeedList& list);

  /// The feed with this id; it must be known (ids come from this table).
  PolledFeed& at(std::int64_t id) { return m_feeds.at(id); }
  const PolledFeed& at(std::int64_t id) const { return m_feeds.at(id); }

  /// Active feeds, all of them or those due by `due_by`, busy ones included.
  std::vector<std::int64_t> active_ids(std::optional<store::Epoch> due_by = std::nullopt) const;
  /// Active feeds not busy and due by `at`, the longest overdue first.
  std::vector<std::int64_t> due(store::Epoch at) const;
  /// The earliest next poll of the active feeds that are not busy; nullopt when none.
  std::optional<store::Epoch> earliest_next_poll() const;
  /// The states of the active feeds, by id.
  std::vector<store::FeedState> active_states() const;

 private:
  std::map<std::int64_t, PolledFeed> m_feeds;
};

}  // namespace newsmon::poll
