#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "daemon/app/commands.h"
#include "daemon/feed/json.h"
#include "daemon/feed/parse.h"
#include "daemon/util/text.h"

namespace newsmon::app {

int command_parse(const ParseOptions& options) {
  auto bytes = util::read_file(options.source);
  if (!bytes) {
    fmt::print(stderr, "newsmon parse: {}\n", bytes.error().message);
    return 1;
  }
  const feed::ParsedFeed parsed = feed::parse_feed(*bytes, {options.url, options.content_type});
  fmt::print("{}\n", feed::to_json(parsed).dump(2));
  if (!parsed.report.error.empty()) {
    fmt::print(stderr, "newsmon parse: {}: {}\n", options.source, parsed.report.error);
  }
  return parsed.report.is_feed ? 0 : 1;
}

}  // namespace newsmon::app
