#pragma once
// SimHash (Charikar 2002): a 64-bit fingerprint of a text such that texts sharing most of
// their words have fingerprints that differ in few bits. newsmon uses it to recognise the
// same story published by several outlets under different addresses and slightly
// different wording.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsmon::util {

/// The words of a text that carry its meaning: ASCII letters lower-cased, split on
/// anything that is neither a letter, a digit nor a non-ASCII byte (so UTF-8 words stay
/// whole), with one-letter words and common English function words dropped.
std::vector<std::string> simhash_tokens(std::string_view text);

/// The fingerprint of a bag of features, each weighing 1 per occurrence. Deterministic
/// across runs and machines (it is stored). An empty bag gives 0.
std::uint64_t simhash(const std::vector<std::string>& features);

/// Bits in which two fingerprints differ, 0..64.
int hamming_distance(std::uint64_t a, std::uint64_t b);

/// Fewer distinct words than this make a fingerprint too noisy to compare.
inline constexpr std::size_t k_min_simhash_words = 8;

/// The fingerprint of a story's title and summary, or nullopt when together they hold
/// fewer than k_min_simhash_words distinct words (such stories are compared by link only).
std::optional<std::uint64_t> story_simhash(std::string_view title, std::string_view summary);

}  // namespace newsmon::util
