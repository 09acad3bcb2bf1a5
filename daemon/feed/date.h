#pragma once
// Dates as feeds write them, to UTC epoch seconds.
//
// Understood: RFC 822/1123 and its real-world variants (no day name, no seconds, two-digit
// years, any letter case, named zones such as EST, PST, CEST, IST, "GMT+2", offsets with
// or without a colon), RFC 3339 / ISO 8601 / W3C-DTF (fractions, "Z", "+02:00", "+0200",
// "+02", basic forms like 20240305T143000Z, a space instead of "T", year-month and year
// alone), asctime, yyyy/mm/dd and dd.mm.yyyy, Unix timestamps in seconds or
// milliseconds, and month and day names in English, French, German, Spanish, Italian,
// Dutch and Portuguese (with or without accents, abbreviated or not, "5 de marzo de
// 2024", "5. März 2024, 14:30 Uhr", "5 mars 2024 à 14h30"). A date without a zone is UTC;
// one without a time is midnight.

#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/feed/item.h"

namespace newsmon::feed {

/// Reads a date. Empty (or blank) text gives DateStatus::missing; text that is not a
/// date, or names an impossible one (30 February), gives DateStatus::unreadable. `raw`
/// always keeps the text as written, trimmed.
Date parse_date(std::string_view text);

/// Days since 1970-01-01 of a proleptic Gregorian date (no range checks).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

}  // namespace newsmon::feed
