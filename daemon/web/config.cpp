#include "daemon/web/config.h"

#include <arpa/inet.h>

#include <string>

namespace newsmon::web {

bool is_loopback_host(std::string_view host) {
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "::1") return true;
  // An address, not a name such as 127.example.org that anyone may point anywhere.
  in_addr address{};
  const std::string text(host);
  return inet_pton(AF_INET, text.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

}  // namespace newsmon::web
