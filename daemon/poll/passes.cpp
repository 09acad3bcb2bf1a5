#include "daemon/poll/passes.h"

#include <iterator>

namespace newsmon::poll {

void Passes::add(std::set<std::int64_t> feeds, Done done) {
  m_passes.push_back({std::move(feeds), std::move(done)});
}

std::vector<Passes::Done> Passes::release(std::int64_t feed_id) {
  std::vector<Done> complete;
  for (auto it = m_passes.begin(); it != m_passes.end();) {
    it->waiting.erase(feed_id);
    if (it->waiting.empty()) {
      complete.push_back(std::move(it->done));
      it = m_passes.erase(it);
    } else {
      ++it;
    }
  }
  return complete;
}

void Passes::forget(const std::function<bool(std::int64_t)>& gone) {
  for (auto& pass : m_passes) std::erase_if(pass.waiting, gone);
}

std::vector<Passes::Done> Passes::take_all() {
  std::vector<Done> all;
  for (auto& pass : m_passes) all.push_back(std::move(pass.done));
  m_passes.clear();
  return all;
}

}  // namespace newsmon::poll
