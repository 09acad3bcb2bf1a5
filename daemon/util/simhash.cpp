#include "daemon/util/simhash.h"

#include <array>
#include <bit>
#include <set>

#include "daemon/util/ascii.h"
#include "daemon/util/function_words.h"

namespace newsmon::util {
namespace {

bool is_word_byte(char byte) {
  return is_ascii_alnum(byte) || static_cast<unsigned char>(byte) >= 0x80;
}

// FNV-1a spreads short words poorly over the high bits; the splitmix64 finaliser fixes
// that so every bit of the fingerprint sees every word.
std::uint64_t feature_hash(std::string_view feature) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char byte : feature) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 0x100000001b3ull;
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash;
}

}  // namespace

std::vector<std::string> simhash_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string word;
  const auto flush = [&] {
    if (word.size() > 1 && !is_function_word(word)) tokens.push_back(word);
    word.clear();
  };
  for (const char character : text) {
    if (!is_word_byte(character)) {
      flush();
      continue;
    }
    word.push_back(to_lower_ascii(character));
  }
  flush();
  return tokens;
}

std::uint64_t simhash(const std::vector<std::string>& features) {
  if (features.empty()) return 0;
  std::array<long, 64> votes{};
  for (const auto& feature : features) {
    const std::uint64_t hash = feature_hash(feature);
    for (std::size_t bit = 0; bit < 64; ++bit) {
      votes[bit] += ((hash >> bit) & 1u) != 0 ? 1 : -1;
    }
  }
  std::uint64_t fingerprint = 0;
  for (std::size_t bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) fingerprint |= std::uint64_t{1} << bit;
  }
  return fingerprint;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) {
  return std::popcount(a ^ b);
}

std::optional<std::uint64_t> story_simhash(std::string_view title, std::string_view summary) {
  auto features = simhash_tokens(title);
  auto summary_words = simhash_tokens(summary);
  features.insert(features.end(), std::make_move_iterator(summary_words.begin()),
                  std::make_move_iterator(summary_words.end()));
  const std::set<std::string_view> distinct(features.begin(), features.end());
  if (distinct.size() < k_min_simhash_words) return std::nullopt;
  return simhash(features);
}

}  // namespace newsmon::util
