#pragma once
// Passes over the feeds (Poller::poll_all_once, poll_due_once): each waits for a set of
// feeds and is complete when the last of them is over. Bookkeeping only: the caller runs
// (or posts) the `done` callbacks it is handed back. Not thread-safe.

#include <cstdint>
#include <functional>
#include <set>
#include <vector>

namespace newsmon::poll {

class Passes {
 public:
  using Done = std::function<void()>;

  /// Starts a pass that waits for these feeds. A pass with no feed is complete at the
  /// next release().
  void add(std::set<std::int64_t> feeds, Done done);

  /// A feed's poll is over (any id that is in no pass, 0 for instance, only collects the
  /// passes already complete). Returns the `done` of every pass complete now, oldest
  /// first; those passes are gone.
  std::vector<Done> release(std::int64_t feed_id);

  /// Stops waiting for the feeds `gone` names (removed from the configuration). Passes
  /// complete because of it are handed back by the next release().
  void forget(const std::function<bool(std::int64_t)>& gone);

  /// Ends every pass, complete or not; returns their `done`, oldest first.
  std::vector<Done> take_all();

  bool empty() const { return m_passes.empty(); }

 private:
  struct Pass {
    std::set<std::int64_t> waiting;
    Done done;
  };
  std::vector<Pass> m_passes;
};

}  // namespace newsmon::poll
