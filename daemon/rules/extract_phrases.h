#pragma once
// Internal to daemon/rules: finding the extractor's phrases (names, transfer words, cue
// words) in the words of a sentence. A phrase is written as in a rule list: words, a '*'
// ending the last word to make it a prefix ("co-produc*"), "cased:" to require the case
// as written ("cased:US"); a hyphenated phrase also finds its joined form ("F-16", "F16").

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/flat_table.h"
#include "daemon/util/tokenize.h"

namespace newsmon::rules::detail {

/// Words [begin, end) of a sentence are the phrase whose value is `value`.
struct PhraseMatch {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t value = 0;
};

/// Numbers for the folded words of phrases, and for the first bytes of one-word
/// prefixes, so that the phrase tables sharing a lexicon read a sentence after one
/// lookup per word. Filled while the tables are built, then only read.
class Lexicon {
 public:
  static constexpr std::uint32_t k_unknown = 0xFFFFFFFF;
  /// How many first bytes of a word find the one-word prefixes of its start.
  static constexpr std::size_t k_key_size = 3;

  /// The word's number, given it when new.
  std::uint32_t add(std::string_view word);
  /// The word's number; k_unknown when no phrase has it.
  std::uint32_t find(std::string_view word) const;
  /// The number of the first k_key_size bytes of a word, given it when new.
  std::uint32_t add_key(std::string_view word) {
    return m_keys.emplace(key_of(word), static_cast<std::uint32_t>(m_keys.size()));
  }
  /// The number of a word's first k_key_size bytes; k_unknown when no prefix starts so,
  /// or when the word is shorter.
  std::uint32_t find_key(std::string_view word) const {
    return word.size() < k_key_size ? k_unknown : m_keys.find(key_of(word));
  }

 private:
  static std::uint64_t key_of(std::string_view word) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < k_key_size && i < word.size(); ++i) {
      key = (key << 8) | static_cast<unsigned char>(word[i]);
    }
    return key;
  }

  TextCache m_words;  ///< a word to a run of one id, its number
  IdTable m_keys;
};

/// The words of a sentence as one lexicon numbers them: each word, and the first bytes
/// of each word, by which one-word prefixes are found.
struct LexiconWords {
  std::vector<std::uint32_t> words;
  std::vector<std::uint32_t> keys;
};

/// Looks each token up in the lexicon.
LexiconWords look_up(const Lexicon& lexicon, std::span<const util::TokenView> tokens);
/// The same into `out`, reusing its buffers.
void look_up_into(const Lexicon& lexicon, std::span<const util::TokenView> tokens,
                  LexiconWords& out);

/// Phrases with a value each. Filled once, then immutable: find() is const and
/// thread-safe.
class PhraseTable {
 public:
  /// A table with a lexicon of its own, or one shared with other tables.
  explicit PhraseTable(std::shared_ptr<Lexicon> lexicon = std::make_shared<Lexicon>())
      : m_lexicon(std::move(lexicon)) {}

  /// Adds a phrase (see above) with its value. A phrase with no words is ignored.
  void add(std::string_view phrase, std::uint32_t value);

  /// Every non-overlapping phrase in the tokens (util::tokenize with JoinedForms::skip,
  /// pointing into `text`), left to right, the longest at each place. Linear in the
  /// words times the phrases that start with each word.
  std::vector<PhraseMatch> find(std::string_view text,
                                const std::vector<util::Token>& tokens) const;
  /// The same, for tokens (views of them) already looked up in this table's lexicon.
  std::vector<PhraseMatch> find(std::string_view text, std::span<const util::TokenView> tokens,
                                const LexiconWords& words) const;
  /// The same into `found`, replacing what it held (its memory is reused).
  void find_into(std::string_view text, std::span<const util::TokenView> tokens,
                 const LexiconWords& words, std::vector<PhraseMatch>& found) const;

  std::size_t size() const { return m_entries.size(); }

 private:
  struct Entry {
    std::vector<std::uint32_t> words;  ///< by number; the last may be a prefix
    std::string prefix;                ///< the last word, folded, when it is a prefix
    std::vector<std::string> cased;    ///< NFKC of the written words, when cased
    std::uint32_t value = 0;
  };
  void add_words(std::string_view phrase, bool cased, std::uint32_t value);
  bool matches(const Entry& entry, std::string_view text, std::span<const util::TokenView> tokens,
               const LexiconWords& words, std::size_t at) const;
  const Entry* longest_at(std::string_view text, std::span<const util::TokenView> tokens,
                          const LexiconWords& words, std::size_t at) const;
  void add_to(std::vector<std::vector<std::uint32_t>>& index, std::uint32_t word,
              std::uint32_t entry) const;
  void insert_by_size(std::vector<std::uint32_t>& ids, std::uint32_t entry) const;
  /// The words the entry spans.
  static std::size_t size_of(const Entry& entry) {
    return entry.words.size() + (entry.prefix.empty() ? 0 : 1);
  }
  static const std::vector<std::uint32_t>* starting(
      const std::vector<std::vector<std::uint32_t>>& index, std::uint32_t word);

  std::shared_ptr<Lexicon> m_lexicon;
  std::vector<Entry> m_entries;
  /// By the number of a first word: the entries that may start there.
  std::vector<std::vector<std::uint32_t>> m_exact;
  /// One-word prefix entries, by the number of the prefix's first bytes.
  std::vector<std::vector<std::uint32_t>> m_prefixes;
  /// One-word prefixes shorter than the key, by their first byte.
  std::array<std::vector<std::uint32_t>, 256> m_short_prefixes;
};

}  // namespace newsmon::rules::detail
