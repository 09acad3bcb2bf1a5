#pragma once
// English stemming (Snowball) for lists marked `stem: english`.

#include <string>
#include <string_view>

namespace newsmon::rules {

/// The Snowball English stem of a folded token ("delivering" -> "deliv"). Results are
/// memoised per thread, since news vocabulary repeats; the memo is bounded and dropped
/// when full. Thread-safe (each thread has its own stemmer and memo).
const std::string& stem_english(std::string_view folded_token);

}  // namespace newsmon::rules
