// Dates as feeds write them.

#include <string>

#include "daemon/feed/date.h"
#include "daemon/util/clock.h"
#include "daemon/util/text.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

// Years 1000 to 9999: the span RFC 3339's four-digit years can write back.
constexpr std::int64_t k_first_writable = -30'610'224'000;
constexpr std::int64_t k_last_writable = 253'402'300'799;

}  // namespace

void feed_date(std::string_view input) {
  const feed::Date date = feed::parse_date(input);
  require(date.raw == util::trim(input), "a date keeps its text, trimmed");
  require((date.status == feed::DateStatus::missing) == util::trim(input).empty(),
          "only blank text is a missing date");
  if (!date.has_value()) return;
  if (date.epoch_seconds < k_first_writable || date.epoch_seconds > k_last_writable) return;
  // What newsmon writes (payloads, `newsmon alerts`) reads back as the same instant.
  const feed::Date again = feed::parse_date(util::format_rfc3339(date.epoch_seconds));
  require(again.has_value() && again.epoch_seconds == date.epoch_seconds,
          "a parsed date written as RFC 3339 reads back as the same instant");
}

}  // namespace newsmon::fuzz
