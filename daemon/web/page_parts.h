#pragma once
// Pieces several pages share: times, severities, the who -> what -> whom line, marked
// hits, and form fields.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/web/html.h"
#include "daemon/web/source.h"

namespace newsmon::web {

/// "2024-05-01 12:34 UTC"; "—" for 0.
std::string format_time(Epoch at);
/// "5 min ago", "in 2 h"; "—" for 0.
std::string relative_time(Epoch at, Epoch now);
/// A <time> element with the full time as its title.
void time_cell(Html& html, Epoch at, Epoch now);

/// A severity badge.
void severity_badge(Html& html, rules::Severity severity);

/// The text with the byte ranges [start, end) of `hits` marked; overlapping hits merge.
/// Ranges outside the text or splitting a UTF-8 character are ignored.
struct Range {
  std::size_t start = 0;
  std::size_t end = 0;
};
void marked_text(Html& html, std::string_view text, std::vector<Range> ranges);
/// The hits of one field as ranges.
std::vector<Range> ranges_of(const std::vector<rules::Hit>& hits, rules::Field field);

/// A link to a story or feed: the URL when it is safe (http/https), else the text alone.
void outside_link(Html& html, std::string_view url, std::string_view text);

/// <input type=hidden name=csrf>.
void csrf_field(Html& html, const std::string& token);

/// <select name=...> with an empty "any" option and the choices, `selected` chosen.
void select_field(Html& html, const char* label, const std::string& name,
                  const std::vector<std::pair<std::string, std::string>>& choices,
                  const std::string& selected);

}  // namespace newsmon::web
