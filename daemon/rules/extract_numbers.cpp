#include "daemon/rules/extract_numbers.h"

#include <array>
#include <string_view>

namespace newsmon::rules::detail {
namespace {

constexpr std::array<std::string_view, 20> k_number_words{
    "one",     "two",     "three",     "four",     "five",     "six",      "seven",
    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
constexpr std::array<std::string_view, 7> k_tens{"thirty",  "forty",  "fifty", "sixty",
                                                 "seventy", "eighty", "ninety"};

// The first letters of the words above and of "dozen", then the characters a number in
// digits may start with.
constexpr std::string_view k_first_letters = "otfsend0123456789,";

}  // namespace

std::optional<std::int64_t> number_of(std::string_view folded) {
  // Most words are no number: those that cannot start one are turned away at once.
  if (folded.empty() || k_first_letters.find(folded.front()) == std::string_view::npos) {
    return std::nullopt;
  }
  if (folded.front() >= 'a' && folded.front() <= 'z') {
    // A word: "three" to "seventeen" are three to nine letters long.
    if (folded.size() < 3 || folded.size() > 9) return std::nullopt;
    for (std::size_t i = 0; i < k_number_words.size(); ++i) {
      if (k_number_words[i] == folded) return static_cast<std::int64_t>(i + 1);
    }
    for (std::size_t i = 0; i < k_tens.size(); ++i) {
      if (k_tens[i] == folded) return static_cast<std::int64_t>(30 + 10 * i);
    }
    if (folded == "dozen") return 12;
    return std::nullopt;
  }
  // Digits, with commas between them ("1,000"): at most twelve digits.
  std::int64_t value = 0;
  int digits = 0;
  for (const char c : folded) {
    if (c >= '0' && c <= '9') {
      if (++digits > 12) return std::nullopt;
      value = value * 10 + (c - '0');
    } else if (c != ',') {
      return std::nullopt;
    }
  }
  if (digits == 0) return std::nullopt;
  return value;
}

}  // namespace newsmon::rules::detail
