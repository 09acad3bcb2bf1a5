#pragma once
// Common English function words ("the", "to", "for"): words that occur in almost every
// sentence and carry no topic. Story fingerprints leave them out, and so do the hits an
// alert shows as its evidence.

#include <string_view>

namespace newsmon::util {

/// Whether the word, in ASCII lower case, is one of the common English function words.
bool is_function_word(std::string_view lower_word);

}  // namespace newsmon::util
