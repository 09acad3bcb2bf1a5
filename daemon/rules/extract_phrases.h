#pragma once
// Internal to daemon/rules: finding the extractor's phrases (names, transfer words, cue
// words) in the words of a sentence. A phrase is written as in a rule list: words, a '*'
// ending the last word to make it a prefix ("co-produc*"), "cased:" to require the case
// as written ("cased:US"); a hyphenated phrase also finds its joined form ("F-16", "F16").

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/util/tokenize.h"

namespace newsmon::rules::detail {

/// Words [begin, end) of a sentence are the phrase whose value is `value`.
struct PhraseMatch {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t value = 0;
};

/// Phrases with a value each. Filled once, then immutable: find() is const and
/// thread-safe.
class PhraseTable {
 public:
  /// Adds a phrase (see above) with its value. A phrase with no words is ignored.
  void add(std::string_view phrase, std::uint32_t value);

  /// Every non-overlapping phrase in the tokens (util::tokenize with JoinedForms::skip,
  /// pointing into `text`), left to right, the longest at each place. Linear in the
  /// words times the phrases that start with each word.
  std::vector<PhraseMatch> find(std::string_view text,
                                const std::vector<util::Token>& tokens) const;

  std::size_t size() const { return m_entries.size(); }

 private:
  struct Entry {
    std::vector<std::string> words;  ///< folded; the last may be a prefix
    std::vector<std::string> cased;  ///< NFKC of the written words, when cased
    bool prefix = false;
    std::uint32_t value = 0;
  };
  void add_words(std::string_view phrase, bool cased, std::uint32_t value);
  bool matches(const Entry& entry, std::string_view text, const std::vector<util::Token>& tokens,
               std::size_t at) const;
  const Entry* longest_at(std::string_view text, const std::vector<util::Token>& tokens,
                          std::size_t at) const;

  std::vector<Entry> m_entries;
  /// By first folded word: the entries that may start there.
  std::unordered_map<std::string, std::vector<std::uint32_t>> m_exact;
  /// One-word prefix entries, by the first bytes of the prefix.
  std::unordered_map<std::string, std::vector<std::uint32_t>> m_prefixes;
  std::vector<std::uint32_t> m_short_prefixes;  ///< one-word prefixes shorter than the key
};

}  // namespace newsmon::rules::detail
