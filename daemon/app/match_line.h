#pragma once
// The line `newsmon match` prints for one story, written straight into a buffer: the
// bytes nlohmann::json's dump() gives for the same object (keys in order, the same
// escapes), at a fraction of the cost of building the object first.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/rule_set.h"

namespace newsmon::app {

/// Appends {"dropped"?,"id","matches","topics"} and no newline. `dropped` and each
/// match's "removed" and "event_condition" appear only with Explain::yes and when not
/// empty.
void append_match_line(std::string& out, std::string_view id,
                       const std::vector<rules::Match>& matches,
                       const std::vector<rules::Match>& dropped, rules::Explain explain);

/// Appends text as a JSON string; ill-formed UTF-8 becomes U+FFFD as in dump()'s
/// error_handler_t::replace.
void append_json_string(std::string& out, std::string_view text);

}  // namespace newsmon::app
