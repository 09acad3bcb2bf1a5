#pragma once
// The webhook-id of a delivery: derived from the story, the rule and the endpoint alone,
// so it is the same on every retry, after a restart and even in a rebuilt database, and
// receivers can drop repeats by it.

#include <string>
#include <string_view>

namespace newsmon::store {

/// Names a story for good: the feed as configured and the entry's id in it.
std::string story_key_of(std::string_view configured_feed_url, std::string_view entry_id);

/// "msg_" followed by 32 hex digits of SHA-256 over the story key, the rule id and the
/// endpoint name.
std::string webhook_id_for(std::string_view story_key, std::string_view rule_id,
                           std::string_view endpoint);

}  // namespace newsmon::store
