#include "daemon/rules/extract.h"

namespace newsmon::rules {

util::Result<ExtractKind> parse_extract_kind(std::string_view text) {
  if (text == "arms_transfer") return ExtractKind::arms_transfer;
  return util::make_error("unknown extract kind '{}': the known kind is arms_transfer", text);
}

std::vector<Event> extract_events(ExtractKind kind, const Story& story,
                                  const std::vector<Hit>& hits) {
  // No extractor is built in yet: a rule with `extract:` matches as usual and reports no
  // events, which consumers treat as "not stated".
  static_cast<void>(kind);
  static_cast<void>(story);
  static_cast<void>(hits);
  return {};
}

}  // namespace newsmon::rules
