#pragma once
// What a poll's HTTP response means for the feed: its PollResult and a message a user can
// act on, the hints the scheduler reads, and the fields of the feed's state it sets.
// Pure functions.

#include <string>

#include "daemon/feed/item.h"
#include "daemon/fetch/http_client.h"
#include "daemon/poll/config.h"
#include "daemon/poll/scheduler.h"
#include "daemon/store/store.h"
#include "daemon/util/result.h"

namespace newsmon::poll {

struct Verdict {
  PollResult result = PollResult::ok;
  std::string error;  ///< empty on success
  /// For ok: whether the document was read whole. Only then are the response's
  /// validators kept: a feed cut short (a truncated download, a gzip stream that stops)
  /// must be asked for in full again, not answered 304 with its last entries unread.
  bool whole = true;
};

/// Classifies a response before its body is parsed: transport failures, 304, 429/503,
/// other non-2xx statuses. A 2xx response yields PollResult::ok (to be parsed).
Verdict classify_response(const fetch::Response& response, const HttpConfig& http);

/// Classifies a parsed 2xx body: a feed (ok, possibly recovered from errors), an HTML
/// page, or something else.
Verdict classify_document(const feed::ParsedFeed& parsed);

/// The verdict when the items read could not be stored: not the feed's fault, and they
/// come again on the next poll.
Verdict ingest_failed(const util::Error& error);

/// True for the failures that a broken network of our own would also cause.
bool is_transport_failure(PollResult result);

/// The scheduler hints of a response and (for a parsed feed) its document.
void add_response_hints(PollOutcome& outcome, const fetch::Response& response, store::Epoch now);
void add_document_hints(PollOutcome& outcome, const feed::ParsedFeed& parsed);

/// Writes the poll's result, status, error and new-item count into the feed's state, and
/// the validators exactly as received (a 200 replaces them, a 304 updates those it sends).
void record_response(store::FeedState& state, const fetch::Response& response,
                     const Verdict& verdict, int new_items, store::Epoch now);

}  // namespace newsmon::poll
