#pragma once
// What a poll's HTTP response means for the feed: its PollResult and a message a user
// can act on, the permanent-redirect bookkeeping, and the hints the scheduler reads.
// Pure functions, internal to the poller.

#include <string>

#include "daemon/app/config.h"
#include "daemon/app/poller.h"
#include "daemon/app/scheduler.h"
#include "daemon/feed/item.h"
#include "daemon/fetch/http_client.h"
#include "daemon/store/store.h"

namespace newsmon::app::detail {

struct Verdict {
  PollResult result = PollResult::ok;
  std::string error;  ///< empty on success
};

/// Classifies a response before its body is parsed: transport failures, 304, 429/503,
/// other non-2xx statuses. A 2xx response yields PollResult::ok (to be parsed).
Verdict classify_response(const fetch::Response& response, const HttpConfig& http);

/// Classifies a parsed 2xx body: a feed (ok, possibly recovered from errors), an HTML
/// page, or something else.
Verdict classify_document(const feed::ParsedFeed& parsed);

/// True for the failures that a broken network of our own would also cause.
bool is_transport_failure(PollResult result);

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

/// The scheduler hints of a response and (for a parsed feed) its document.
void add_response_hints(PollOutcome& outcome, const fetch::Response& response, store::Epoch now);
void add_document_hints(PollOutcome& outcome, const feed::ParsedFeed& parsed);

/// Writes the poll's result, status, error and new-item count into the feed's state, and
/// the validators exactly as received (a 200 replaces them, a 304 updates those it sends).
void record_response(store::FeedState& state, const fetch::Response& response,
                     const Verdict& verdict, int new_items, store::Epoch now);

/// Adds a finished poll to the counters.
void count_poll(PollerCounters& counters, const fetch::Response& response, PollResult result,
                int new_items);

/// Logs a concluded poll: failures as warnings when they are news, recoveries as info.
void log_poll(const store::FeedState& state, const PollOutcome& outcome, int previous_failures,
              store::Epoch now);

}  // namespace newsmon::app::detail
