#include "daemon/poll/redirects.h"

namespace newsmon::poll {

std::string permanent_redirect_target(const fetch::Response& response) {
  std::string target;
  for (const auto& hop : response.redirects) {
    if (hop.status != 301 && hop.status != 308) break;
    target = hop.location;
  }
  return target;
}

bool track_permanent_redirect(store::FeedState& state, const std::string& target) {
  if (target.empty() || target == state.url) {
    state.redirect_candidate.clear();
    state.redirect_streak = 0;
    return false;
  }
  if (target == state.redirect_candidate) {
    ++state.redirect_streak;
  } else {
    state.redirect_candidate = target;
    state.redirect_streak = 1;
  }
  if (state.redirect_streak < k_redirect_confirmations) return false;
  state.url = target;
  state.redirect_candidate.clear();
  state.redirect_streak = 0;
  return true;
}

}  // namespace newsmon::poll
