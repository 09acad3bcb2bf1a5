#include "daemon/store/webhook_id.h"

#include "daemon/util/crypto.h"

namespace newsmon::store {

// The unit separator cannot occur in URLs, ids or names, so the parts cannot run into
// each other ("a" + "bc" differs from "ab" + "c").
constexpr char k_separator = '\x1f';

std::string story_key_of(std::string_view configured_feed_url, std::string_view entry_id) {
  std::string key(configured_feed_url);
  key += k_separator;
  key += entry_id;
  return key;
}

std::string webhook_id_for(std::string_view story_key, std::string_view rule_id,
                           std::string_view endpoint) {
  std::string material(story_key);
  material += k_separator;
  material += rule_id;
  material += k_separator;
  material += endpoint;
  return "msg_" + util::sha256_hex(material).substr(0, 32);
}

}  // namespace newsmon::store
