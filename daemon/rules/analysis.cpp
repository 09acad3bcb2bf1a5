#include "daemon/rules/analysis.h"

#include <algorithm>

namespace newsmon::rules::detail {

void Analysis::analyse(const Program& program, const Story& story) {
  prepare(program);
  const std::array<std::string_view, 3> texts{story.title, story.summary, story.content};
  for (std::uint8_t f = 0; f < 3; ++f) {
    tokenize_field(f, texts[f]);
    find_phrases(f);
  }
  index_phrases();
  chain_members();
}

void Analysis::prepare(const Program& program) {
  m_program = &program;
  ++m_story;
  // Sizes only grow, so a thread that alternates rule sets keeps the larger ones; the
  // story stamp tells this story's entries from any earlier one's.
  const auto grow = [](auto& entries, std::size_t size) {
    if (entries.size() < size) entries.resize(size, 0);
  };
  grow(m_phrase_seen, program.phrases.phrase_count);
  grow(m_phrase_begin, program.phrases.phrase_count);
  grow(m_phrase_size, program.phrases.phrase_count);
  grow(m_list_seen, program.lists.list_count);
  grow(m_list_sorted, program.lists.list_count);
  grow(m_list_head, program.lists.list_count);
  grow(m_list_size, program.lists.list_count);
  for (const PatternId pattern : m_patterns) m_present[pattern >> 6] = 0;
  grow(m_present, (program.dictionary.size() + 63) / 64);
  m_patterns.clear();
  m_token_patterns.clear();
  m_occurrences.clear();
  m_chained.clear();
  m_sorted.clear();
}

void Analysis::tokenize_field(std::uint8_t f, std::string_view text) {
  FieldTokens& field = fields[f];
  field.text = text;
  util::tokenize_into(text, field.buffer);
  const auto& tokens = field.buffer.tokens;
  field.pattern_begin.clear();
  std::uint32_t positions = 0;
  for (const util::TokenSpan& token : tokens) {
    const auto begin = static_cast<std::uint32_t>(m_token_patterns.size());
    field.pattern_begin.push_back(begin);
    m_program->dictionary.lookup(field.buffer.folded_of(token), field.written(token),
                                 m_token_patterns);
    for (auto k = begin; k < m_token_patterns.size(); ++k) {
      const PatternId pattern = m_token_patterns[k];
      auto& word = m_present[pattern >> 6];
      const auto bit = std::uint64_t{1} << (pattern & 63);
      if ((word & bit) == 0) m_patterns.push_back(pattern);
      word |= bit;
    }
    positions = std::max(positions, token.last_position + 1);
  }
  field.pattern_begin.push_back(static_cast<std::uint32_t>(m_token_patterns.size()));
  const auto count = static_cast<std::uint32_t>(tokens.size());
  field.first_at.assign(positions + 1, count);
  for (std::uint32_t i = count; i-- > 0;) field.first_at[tokens[i].position] = i;
}

void Analysis::find_phrases(std::uint8_t f) {
  const FieldTokens& field = fields[f];
  const auto& first = m_program->phrases.first;
  for (std::uint32_t i = 0; i < field.tokens().size(); ++i) {
    for (auto k = field.pattern_begin[i]; k < field.pattern_begin[i + 1]; ++k) {
      if (const std::uint32_t node = first[m_token_patterns[k]]; node != 0) follow(node, f, i, i);
    }
  }
}

// At `node` of the trie with `token` its last word: records the phrase ending there and
// goes on with every token at the next position (a hyphenated word's joined form and
// its first part both stand there), in token order, as the phrases' words require.
void Analysis::follow(std::uint32_t node, std::uint8_t f, std::uint32_t first,
                      std::uint32_t token) {
  const PhraseIndex& index = m_program->phrases;
  if (const PhraseId phrase = index.ends[node]; phrase != k_no_phrase) {
    m_occurrences.push_back(PhraseOccurrence{phrase, f, first, token,
                                             static_cast<std::uint32_t>(m_occurrences.size())});
  }
  if (!index.goes_on[node]) return;
  const FieldTokens& field = fields[f];
  const auto& tokens = field.tokens();
  const std::uint32_t next = tokens[token].last_position + 1;
  if (next + 1 >= field.first_at.size()) return;
  for (auto i = field.first_at[next]; i < tokens.size() && tokens[i].position == next; ++i) {
    for (auto k = field.pattern_begin[i]; k < field.pattern_begin[i + 1]; ++k) {
      const auto found = index.next.find((std::uint64_t{node} << 32) | m_token_patterns[k]);
      if (found != IdTable::k_absent) follow(found, f, first, i);
    }
  }
}

void Analysis::index_phrases() {
  std::sort(m_occurrences.begin(), m_occurrences.end(),
            [](const PhraseOccurrence& a, const PhraseOccurrence& b) {
              return a.phrase != b.phrase ? a.phrase < b.phrase : a.order < b.order;
            });
  for (std::uint32_t i = 0; i < m_occurrences.size(); ++i) {
    const PhraseId phrase = m_occurrences[i].phrase;
    if (m_phrase_seen[phrase] != m_story) {
      m_phrase_seen[phrase] = m_story;
      m_phrase_begin[phrase] = i;
      m_phrase_size[phrase] = 0;
    }
    ++m_phrase_size[phrase];
  }
}

void Analysis::chain_members() {
  const ListIndex& lists = m_program->lists;
  const PhraseOccurrence* previous = nullptr;
  for (const PhraseOccurrence& occurrence : m_occurrences) {
    if (previous && previous->phrase == occurrence.phrase) continue;
    previous = &occurrence;
    const auto begin = lists.member_begin[occurrence.phrase];
    const auto end = lists.member_begin[occurrence.phrase + 1];
    for (auto m = begin; m < end; ++m) {
      const ListMember& member = lists.members[m];
      if (m_list_seen[member.list] != m_story) {
        m_list_seen[member.list] = m_story;
        m_list_head[member.list] = 0;
      }
      m_chained.push_back(Chained{member, m_list_head[member.list]});
      m_list_head[member.list] = static_cast<std::uint32_t>(m_chained.size());
    }
  }
  // Each member is sorted at most once per story: with this room, the spans members()
  // hands out stay valid while later lists are sorted.
  m_sorted.reserve(m_chained.size());
}

std::span<const ListMember> Analysis::members(std::uint32_t list) {
  if (m_list_seen[list] != m_story) return {};
  if (m_list_sorted[list] != m_story) {
    m_list_sorted[list] = m_story;
    const auto begin = static_cast<std::uint32_t>(m_sorted.size());
    for (auto at = m_list_head[list]; at != 0; at = m_chained[at - 1].next) {
      m_sorted.push_back(m_chained[at - 1].member);
    }
    std::sort(m_sorted.begin() + begin, m_sorted.end(),
              [](const ListMember& a, const ListMember& b) { return a.rank < b.rank; });
    m_list_head[list] = begin;
    m_list_size[list] = static_cast<std::uint32_t>(m_sorted.size() - begin);
  }
  return {m_sorted.data() + m_list_head[list], m_list_size[list]};
}

}  // namespace newsmon::rules::detail
