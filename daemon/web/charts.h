#pragma once
// Charts drawn on the server as inline SVG: no script, no external file, and nothing a
// Content-Security-Policy forbids (colours are classes and attributes, not styles).

#include <string>
#include <vector>

#include "daemon/web/html.h"
#include "daemon/web/source.h"

namespace newsmon::web {

/// "2024-05-01" for the midnight (UTC) that starts a day.
std::string format_day(Epoch day);

/// Stacked columns, one per day, one colour per series, with a legend and a title
/// (<title>) on each column giving the day's numbers.
void stacked_day_chart(Html& html, const std::string& caption, Epoch first_day,
                       const std::vector<Activity::Series>& series);

/// A small line of one series' daily values, for tables.
void sparkline(Html& html, const std::vector<std::int64_t>& values);

}  // namespace newsmon::web
