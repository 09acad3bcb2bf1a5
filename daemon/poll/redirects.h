#pragma once
// Permanent redirects: a feed that moved for good is polled at its new address, but only
// once consecutive polls have seen the same move (a site's misconfiguration for an hour
// must not rewrite the feed list). Temporary redirects never move a feed. Pure functions.

#include <string>

#include "daemon/fetch/http_client.h"
#include "daemon/store/store.h"

namespace newsmon::poll {

/// The URL the feed permanently moved to: the target of the redirect hops from the start
/// of the chain for as long as they are permanent (301, 308). Empty when the first hop
/// is temporary or there is none.
std::string permanent_redirect_target(const fetch::Response& response);

/// How many consecutive polls must see the same permanent redirect before the feed's
/// stored URL changes.
inline constexpr int k_redirect_confirmations = 2;

/// Records this poll's permanent redirect target (empty: none) in the feed's redirect
/// streak. Returns true when the stored URL was changed to the target.
bool track_permanent_redirect(store::FeedState& state, const std::string& target);

}  // namespace newsmon::poll
