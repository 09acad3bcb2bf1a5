#pragma once
// Internal to daemon/rules: "did you mean" for names users type in rule files.

#include <string>
#include <string_view>
#include <vector>

namespace newsmon::rules::detail {

/// The candidate closest to `word` by edit distance, when it is close enough to be a
/// likely typing mistake (at most a third of the word's letters, and at least two);
/// empty otherwise.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

/// "did you mean 'x'?" for the closest candidate, else "use a, b or c".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace newsmon::rules::detail
