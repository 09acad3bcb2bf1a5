#include "daemon/poll/feed_table.h"

#include <algorithm>
#include <utility>

namespace newsmon::poll {

FeedList unique_feeds(const std::vector<FeedConfig>& configured) {
  FeedList list;
  for (const auto& feed : configured) {
    if (list.every.emplace(feed.url, feed.every).second) list.urls.push_back(feed.url);
  }
  return list;
}

std::size_t FeedTable::sync(std::vector<store::FeedState> active, const FeedList& list) {
  for (auto& [id, feed] : m_feeds) feed.active = false;
  for (auto& state : active) {
    auto [found, inserted] = m_feeds.try_emplace(state.id);
    PolledFeed& feed = found->second;
    if (inserted || !feed.busy) feed.state = std::move(state);
    feed.active = true;
    const auto every = list.every.find(feed.state.configured_url);
    feed.every = every != list.every.end() ? every->second : std::nullopt;
  }
  return active.size();
}

std::vector<std::int64_t> FeedTable::active_ids(std::optional<store::Epoch> due_by) const {
  std::vector<std::int64_t> ids;
  for (const auto& [id, feed] : m_feeds) {
    if (feed.active && (!due_by || feed.state.next_poll_at <= *due_by)) ids.push_back(id);
  }
  return ids;
}

std::vector<std::int64_t> FeedTable::due(store::Epoch at) const {
  std::vector<std::pair<store::Epoch, std::int64_t>> due;
  for (const auto& [id, feed] : m_feeds) {
    if (feed.active && !feed.busy && feed.state.next_poll_at <= at) {
      due.emplace_back(feed.state.next_poll_at, id);
    }
  }
  std::sort(due.begin(), due.end());
  std::vector<std::int64_t> ids;
  ids.reserve(due.size());
  for (const auto& [when, id] : due) ids.push_back(id);
  return ids;
}

std::optional<store::Epoch> FeedTable::earliest_next_poll() const {
  std::optional<store::Epoch> earliest;
  for (const auto& [id, feed] : m_feeds) {
    if (!feed.active || feed.busy) continue;
    earliest = std::min(earliest.value_or(feed.state.next_poll_at), feed.state.next_poll_at);
  }
  return earliest;
}

std::vector<store::FeedState> FeedTable::active_states() const {
  std::vector<store::FeedState> states;
  for (const auto& [id, feed] : m_feeds) {
    if (feed.active) states.push_back(feed.state);
  }
  return states;
}

}  // namespace newsmon::poll
