#include "daemon/store/webhook_id.h"

#include "daemon/util/crypto.h"

namespace newsmon::store {
namespace {

// The unit separator cannot occur in URLs, ids or names, so the parts cannot run into
// each other ("a" + "bc" differs from "ab" + "c").
constexpr char k_separator = '\x1f';

std::string message_id(std::string_view material) {
  return "msg_" + util::sha256_hex(material).substr(0, 32);
}

}  // namespace

std::string story_key_of(std::string_view configured_feed_url, std::string_view entry_id) {
  std::string key(configured_feed_url);
  key += k_separator;
  key += entry_id;
  return key;
}

std::string webhook_id_for(std::string_view story_key, std::string_view endpoint, int sequence) {
  std::string material(story_key);
  material += k_separator;
  material += endpoint;
  if (sequence > 0) {
    material += k_separator;
    material += "follow-up " + std::to_string(sequence);
  }
  return message_id(material);
}

std::string digest_webhook_id(std::string_view endpoint, std::int64_t window_end) {
  std::string material = "digest";
  material += k_separator;
  material += endpoint;
  material += k_separator;
  material += std::to_string(window_end);
  return message_id(material);
}

}  // namespace newsmon::store
