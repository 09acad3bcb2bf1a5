#pragma once
// Internal to daemon/rules: a story as the matcher sees it. Each field is tokenized
// once, every token looked up once in the rule set's dictionary, and one pass through
// the phrase trie finds every phrase of every rule, list and mask that occurs, with its
// place. An Analysis is reused from story to story, so once its buffers have grown to
// the longest story, analysing one allocates nothing.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/rules/program.h"

namespace newsmon::rules::detail {

struct FieldTokens {
  std::string_view text;
  util::TokenBuffer buffer;
  std::vector<std::uint32_t> pattern_begin;  ///< per token, into Analysis::token_patterns; +1 end
  std::vector<std::uint32_t> first_at;       ///< per position: first token there; +1 sentinel

  const std::vector<util::TokenSpan>& tokens() const { return buffer.tokens; }
  std::string_view written(const util::TokenSpan& token) const {
    return text.substr(token.start, token.end - token.start);
  }
};

/// A phrase found in a field, from its first token to its last (token indexes).
struct PhraseOccurrence {
  PhraseId phrase = 0;
  std::uint8_t field = 0;
  std::uint32_t first_token = 0;
  std::uint32_t last_token = 0;
  std::uint32_t order = 0;  ///< when it was found: field, first token, then longer ends later
};

class Analysis {
 public:
  /// Analyses the story for the program, replacing what was there. Both must outlive
  /// the use of the results.
  void analyse(const Program& program, const Story& story);

  std::array<FieldTokens, 3> fields;

  /// Whether the phrase occurs in the story.
  bool contains(PhraseId phrase) const { return m_phrase_seen[phrase] == m_story; }
  /// The occurrences of a phrase, by field and first token; empty when it does not occur.
  std::span<const PhraseOccurrence> occurrences(PhraseId phrase) const {
    if (m_phrase_seen[phrase] != m_story) return {};
    return {m_occurrences.data() + m_phrase_begin[phrase], m_phrase_size[phrase]};
  }

  /// The members of a list whose phrases occur, in list order.
  std::span<const ListMember> members(std::uint32_t list);

  /// The distinct patterns the story's tokens matched, in no particular order.
  const std::vector<PatternId>& patterns() const { return m_patterns; }
  /// Whether the pattern occurs anywhere in the story.
  bool occurs(PatternId pattern) const { return (m_present[pattern >> 6] >> (pattern & 63)) & 1u; }
  /// Whether some pattern of the set occurs: one test per 64 pattern ids the set spans.
  bool occurs_any(const PatternMask& set) const {
    for (const auto& [word, bits] : set.words) {
      if (m_present[word] & bits) return true;
    }
    return false;
  }

 private:
  struct Chained {
    ListMember member;
    std::uint32_t next = 0;  ///< index + 1 of the list's next member; 0 ends the chain
  };

  void prepare(const Program& program);
  void tokenize_field(std::uint8_t f, std::string_view text);
  void find_phrases(std::uint8_t f);
  void follow(std::uint32_t node, std::uint8_t f, std::uint32_t first, std::uint32_t token);
  void index_phrases();
  void chain_members();

  const Program* m_program = nullptr;
  std::uint64_t m_story = 0;  ///< stamps the per-phrase and per-list entries of this story
  std::vector<PatternId> m_token_patterns;
  std::vector<PatternId> m_patterns;
  std::vector<std::uint64_t> m_present;  ///< one bit per pattern of the dictionary
  std::vector<PhraseOccurrence> m_occurrences;
  std::vector<std::uint64_t> m_phrase_seen;  ///< by phrase: the story that found it
  std::vector<std::uint32_t> m_phrase_begin;
  std::vector<std::uint32_t> m_phrase_size;
  std::vector<Chained> m_chained;
  std::vector<std::uint64_t> m_list_seen;    ///< by list: the story that chained a member
  std::vector<std::uint64_t> m_list_sorted;  ///< by list: the story that sorted its members
  std::vector<std::uint32_t> m_list_head;    ///< by list: chain start, later sorted begin
  std::vector<std::uint32_t> m_list_size;    ///< by list: sorted size
  std::vector<ListMember> m_sorted;
};

}  // namespace newsmon::rules::detail
