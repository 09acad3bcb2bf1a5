#include "daemon/feed/item.h"

namespace newsmon::feed {

const char* format_name(FeedFormat format) {
  return k_feed_format_names.name_of(format);
}

}  // namespace newsmon::feed
