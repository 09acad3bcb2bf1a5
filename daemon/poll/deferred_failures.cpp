#include "daemon/poll/deferred_failures.h"

#include <set>

namespace newsmon::poll {

bool DeferredFailures::expired(store::Epoch now) const {
  return !m_held.empty() && now - m_held.front().at >= k_verdict_wait_seconds;
}

DeferredFailures::Settled DeferredFailures::settle(bool quiet) {
  std::set<std::string> hosts;
  for (const auto& failure : m_held) hosts.insert(failure.host);
  Settled verdict;
  verdict.hosts = hosts.size();
  verdict.blame = quiet && hosts.size() >= 2 ? Blame::network : Blame::feed;
  verdict.failures = std::move(m_held);
  m_held.clear();
  for (auto& failure : verdict.failures) failure.outcome.blame = verdict.blame;
  return verdict;
}

}  // namespace newsmon::poll
