#pragma once
// Internal to daemon/rules: the names the event extractor recognises in stories — states
// and armed groups with their canonical names, weapon systems and defence companies with
// the state that exports them, and classes of equipment. The tables are generated from
// rules/lists/*.yaml (extract_gazetteer.py), so rule writers and the extractor share one
// list of names.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/util/tokenize.h"

namespace newsmon::rules::detail {

enum class PartyKind : std::uint8_t { state, group };
/// `lookalike`: a phrase that contains a name but does not name it ("South China Sea").
enum class NameKind : std::uint8_t { party, system, maker, equipment, lookalike };

inline constexpr std::uint16_t k_no_party = 0xFFFF;

struct GazetteerParty {
  std::string_view canonical;  ///< "South Korea": how events name the party
  PartyKind kind;
};

struct GazetteerName {
  std::string_view text;  ///< as written in the list; a final '*' makes the last word a prefix
  NameKind kind;
  std::uint16_t party;  ///< the party it names, or the exporting state; k_no_party for equipment
  bool cased;           ///< must match with the case as written
};

std::span<const GazetteerParty> gazetteer_parties();
std::span<const GazetteerName> gazetteer_names();

/// A name found in a run of words: words [begin, end) name `name`.
struct NameMatch {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  const GazetteerName* name = nullptr;
};

/// Finds names in tokenized text (util::tokenize with JoinedForms::skip), longest first.
/// Built once from the generated tables; immutable and thread-safe afterwards.
class Gazetteer {
 public:
  /// The process-wide instance (built on first use).
  static const Gazetteer& instance();

  /// Every non-overlapping name in the tokens, left to right, preferring the longest
  /// name at each place. `text` is the text the tokens point into (for cased names).
  std::vector<NameMatch> find(std::string_view text, const std::vector<util::Token>& tokens) const;

  Gazetteer();

 private:
  struct Entry {
    std::vector<std::string> words;  ///< folded words; the last may be a prefix
    std::vector<std::string> cased;  ///< written words, for cased names
    bool prefix = false;
    const GazetteerName* name = nullptr;
  };
  bool matches(const Entry& entry, std::string_view text, const std::vector<util::Token>& tokens,
               std::size_t at) const;

  std::vector<Entry> m_entries;
  std::vector<std::string> m_joined_texts;  ///< hyphen-less forms of hyphenated names
  /// By first folded word: the entries that may start there.
  std::unordered_map<std::string, std::vector<std::uint32_t>> m_exact;
  /// One-word prefix entries, by the first three bytes of the prefix.
  std::unordered_map<std::string, std::vector<std::uint32_t>> m_prefixes;
  std::vector<std::uint32_t> m_short_prefixes;  ///< one-word prefixes shorter than three bytes
};

}  // namespace newsmon::rules::detail
