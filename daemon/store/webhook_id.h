#pragma once
// The webhook-id of a message: derived from the alert's story, the endpoint and the
// follow-up number alone (a digest's from the endpoint and its window), so it is the same
// on every retry, after a restart and even in a rebuilt database, and receivers can drop
// repeats by it.

#include <cstdint>
#include <string>
#include <string_view>

namespace newsmon::store {

/// Names a story for good: the feed as configured and the entry's id in it.
std::string story_key_of(std::string_view configured_feed_url, std::string_view entry_id);

/// "msg_" followed by 32 hex digits of SHA-256 over the key of the story that raised the
/// alert, the endpoint name and, for follow-ups (sequence > 0), their number.
std::string webhook_id_for(std::string_view story_key, std::string_view endpoint, int sequence);

/// The webhook-id of the digest an endpoint sends for the window ending at window_end.
std::string digest_webhook_id(std::string_view endpoint, std::int64_t window_end);

}  // namespace newsmon::store
