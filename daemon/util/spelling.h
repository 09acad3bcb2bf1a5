#pragma once
// Suggestions for misspelt names ("did you mean 'severity'?") in user files.

#include <cstddef>
#include <span>
#include <string_view>

namespace newsmon::util {

/// The Levenshtein distance between two byte strings: insertions, deletions and
/// substitutions of one byte each count one.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate `word` is most likely a misspelling of: the first one within
/// max(2, word.size() / 3) edits, the nearest first; empty when none is that close.
std::string_view closest_spelling(std::string_view word,
                                  std::span<const std::string_view> candidates);

}  // namespace newsmon::util
