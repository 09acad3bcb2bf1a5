#include "daemon/util/function_words.h"

#include <algorithm>
#include <array>

namespace newsmon::util {
namespace {

// The list story fingerprints were measured with (util/simhash.h): changing it moves the
// fingerprints of stories already stored.
constexpr std::array<std::string_view, 48> k_function_words{
    "the",  "and",  "for",   "that",  "with",  "from", "this",  "are",   "was",   "were",
    "has",  "have", "had",   "its",   "his",   "her",  "their", "our",   "not",   "but",
    "been", "will", "would", "can",   "could", "into", "over",  "after", "about", "than",
    "they", "them", "who",   "which", "what",  "when", "where", "also",  "said",  "says",
    "an",   "as",   "at",    "by",    "in",    "of",   "on",    "to"};

}  // namespace

bool is_function_word(std::string_view lower_word) {
  return std::find(k_function_words.begin(), k_function_words.end(), lower_word) !=
         k_function_words.end();
}

}  // namespace newsmon::util
