#include "daemon/poll/config.h"

namespace newsmon::poll {

fetch::ClientOptions client_options(const HttpConfig& http) {
  fetch::ClientOptions options;
  options.user_agent = http.user_agent;
  options.max_connections = http.max_connections;
  options.per_host = http.per_host;
  options.ca_file = http.ca_file.string();
  return options;
}

fetch::Limits feed_limits(const HttpConfig& http) {
  fetch::Limits limits;
  limits.connect_timeout = http.connect_timeout;
  limits.total_timeout = http.timeout;
  limits.low_speed_bytes_per_second = http.low_speed_limit;
  limits.low_speed_time = http.low_speed_time;
  limits.max_body = http.max_body;
  limits.max_redirects = http.max_redirects;
  return limits;
}

}  // namespace newsmon::poll
