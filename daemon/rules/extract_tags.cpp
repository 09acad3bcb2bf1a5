// Marking one sentence: what the vocabulary says of each word, then the parties it names
// and the runs of words that name equipment, each with its quantity and maker.

#include <algorithm>

#include "daemon/rules/extract_numbers.h"
#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {

/// Finds the mentions and spans of a sentence whose words are marked.
class SentenceTagger {
 public:
  explicit SentenceTagger(Sentence& sentence) : m_s(sentence) {}

  void tag() {
    const Vocabulary& vocabulary = m_s.vocabulary();
    const std::vector<PhraseMatch>& names = m_s.m_phrases.names;
    for (const PhraseMatch& name : names) {
      const NameInfo& info = vocabulary.name(name.value);
      if (info.kind == NameKind::non_weapon) {
        for (std::uint32_t i = name.begin; i < name.end; ++i) m_s.m_words[i].non_weapon = true;
      }
      if (info.kind != NameKind::party && info.kind != NameKind::maker) continue;
      if (m_s.m_reading == Reading::transfers &&
          (vocabulary.party(*info.party).kind == PartyKind::alliance || war_place(name.begin))) {
        continue;
      }
      const auto id = id_at<MentionTag>(m_s.m_mentions.size());
      for (std::uint32_t i = name.begin; i < name.end; ++i) m_s.m_words[i].mention = id;
      // "the German company's Boxer": a state's company is a maker, not the state.
      const bool company = m_s.is(WordClass::company, name.end);
      m_s.m_mentions.push_back(
          Mention{name.begin, name.end, *info.party, info.kind == NameKind::maker || company});
    }
    build_spans(names);
  }

 private:
  const Mention& mention_of(std::uint32_t i) const { return m_s.mention(*m_s.mention_at(i)); }

  // "for the war in Ukraine", "its invasion of Ukraine": the place of a war, which a
  // transfer neither supplies nor arms.
  bool war_place(std::uint32_t begin) const {
    std::uint32_t i = begin;
    while (i > 0 && i + 3 > begin && m_s.is(WordClass::fillers, i - 1)) --i;
    return i > 1 && m_s.is(WordClass::prepositions, i - 1) && m_s.is(WordClass::conflict, i - 2);
  }

  bool designator(std::uint32_t i) const {
    if (i >= m_s.size() || m_s.mention_at(i) || m_s.verb_word(i)) return false;
    const std::string_view written = m_s.text_of(i, i + 1);
    const bool digit =
        std::any_of(written.begin(), written.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool upper = !written.empty() && written.front() >= 'A' && written.front() <= 'Z';
    return (digit || upper) && !number_of(m_s.word(i));
  }

  // Whether the name's words all belong to a namesake the story names ("Patriots" in a
  // story about the New England Patriots).
  bool namesake(const PhraseMatch& name) const {
    const auto& words = m_s.m_namesake_words;
    if (words.empty()) return false;
    for (std::uint32_t i = name.begin; i < name.end; ++i) {
      if (std::find(words.begin(), words.end(), m_s.word(i)) == words.end()) return false;
    }
    return true;
  }

  // "but no lethal weapons", "without tanks": equipment said not to be there.
  bool negated(const PhraseMatch& name) const {
    for (std::uint32_t i = name.begin; i > 0 && i + 3 > name.begin;) {
      --i;
      if (m_s.is(WordClass::negations, i)) return true;
      if (m_s.mention_at(i) || m_s.verb_word(i)) return false;
    }
    return false;
  }

  bool covered(std::uint32_t i) const {
    return std::any_of(m_s.m_spans.begin(), m_s.m_spans.end(),
                       [&](const Span& span) { return i >= span.begin && i < span.end; });
  }

  // Names of systems and classes of equipment, joined when only designators stand between.
  void name_spans(const std::vector<PhraseMatch>& names) {
    const Vocabulary& vocabulary = m_s.vocabulary();
    auto& spans = m_s.m_spans;
    for (const PhraseMatch& name : names) {
      const NameInfo& info = vocabulary.name(name.value);
      if (info.kind != NameKind::system && info.kind != NameKind::equipment) continue;
      if (namesake(name) || negated(name)) continue;
      const std::optional<PartyId> origin =
          info.kind == NameKind::system ? info.party : std::nullopt;
      if (!spans.empty()) {
        Span& last = spans.back();
        bool joinable = name.begin - last.end <= 2;
        for (std::uint32_t i = last.end; i < name.begin && joinable; ++i) joinable = designator(i);
        if (joinable) {
          last.end = name.end;
          if (!last.origin) last.origin = origin;
          continue;
        }
      }
      spans.push_back(Span{name.begin, name.end, origin, std::nullopt});
    }
  }

  // A number before a head noun is equipment too ("64 jets"); so is a head noun after a
  // party that makes it ("American jets").
  void counted_spans() {
    for (std::uint32_t i = 0; i + 1 < m_s.size(); ++i) {
      const bool counted = number_of(m_s.word(i)) && !covered(i);
      const bool made = m_s.mention_at(i) && !m_s.mention_at(i + 1);
      if ((counted || made) && m_s.is(WordClass::heads, i + 1) && !m_s.mention_at(i + 1) &&
          !covered(i + 1)) {
        m_s.m_spans.push_back(Span{i + 1, i + 2, std::nullopt, std::nullopt});
      }
    }
  }

  // Designators and head nouns right after the name belong to it ("F-16 Block 70
  // fighters"); so do plain words up to a head noun ("FA-50 light attack jets").
  void extend(std::size_t s) {
    auto& spans = m_s.m_spans;
    Span& span = spans[s];
    const auto free = [&](std::uint32_t i) {
      return s + 1 >= spans.size() || spans[s + 1].begin > i;
    };
    while (span.end < m_s.size() && span.end < span.begin + 8 &&
           (designator(span.end) || m_s.is(WordClass::heads, span.end)) && free(span.end)) {
      ++span.end;
    }
    for (std::uint32_t i = span.end; i < m_s.size() && i < span.end + 3 && free(i); ++i) {
      if (m_s.mention_at(i) || m_s.verb_word(i) || m_s.is(WordClass::prepositions, i) ||
          m_s.word(i) == "and" || number_of(m_s.word(i))) {
        break;
      }
      if (m_s.is(WordClass::heads, i)) {
        span.end = i + 1;
        break;
      }
    }
  }

  void build_spans(const std::vector<PhraseMatch>& names) {
    name_spans(names);
    counted_spans();
    auto& spans = m_s.m_spans;
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    for (std::size_t s = 0; s < spans.size(); ++s) {
      extend(s);
      for (std::uint32_t i = spans[s].begin; i < spans[s].end; ++i) {
        m_s.m_words[i].span = id_at<SpanTag>(s);
      }
      spans[s].quantity = quantity_before(spans[s].begin);
    }
  }

  bool possessive(const Mention& mention) const {
    const std::string_view rest = m_s.after(mention.end - 1);
    return rest.starts_with("'s") || rest.starts_with("\u2019s");
  }

  // "60 AGM-84L-1 Harpoon": a number joined by a hyphen is part of a designation.
  bool hyphen_before(std::uint32_t i) const { return i < m_s.size() && m_s.gap(i) == "-"; }

  std::optional<std::int64_t> count_at(std::uint32_t i, std::int64_t number) const {
    if (number >= 1900 && number <= 2100) return std::nullopt;
    // "more than 30,000", "at least three": a bound, not a count.
    if (m_s.word(i + 1) == "of" ||
        (i > 0 && (m_s.word(i - 1) == "than" || m_s.word(i - 1) == "least"))) {
      return std::nullopt;
    }
    return number;
  }

  std::optional<std::int64_t> quantity_before(std::uint32_t begin) const {
    std::uint32_t i = begin;
    for (int steps = 0; i > 0 && steps < 5; ++steps) {
      --i;
      // "50 F-35 fighters, Reaper drones": a count before a comma is not this equipment's.
      if (m_s.gap(i + 1).find(',') != std::string_view::npos) return std::nullopt;
      if (auto number = number_of(m_s.word(i));
          number && !hyphen_before(i + 1) && !hyphen_before(i)) {
        if (m_s.is(WordClass::units, i + 1)) continue;
        return count_at(i, *number);
      }
      // "30 more Dassault Rafale fighters": the maker stands between number and name;
      // "three French frigates": so does the maker's state right before the equipment.
      if (m_s.mention_at(i)) {
        const Mention& found = mention_of(i);
        if (found.maker || (found.end == begin && !possessive(found))) {
          i = found.begin;
          continue;
        }
      }
      // "20 Australian-made Bushmasters": the maker's state with "-made" stands between too.
      if (m_s.is(WordClass::made, i) && i > 0 && m_s.mention_at(i - 1)) {
        i = mention_of(i - 1).begin;
        continue;
      }
      if (m_s.mention_at(i) || m_s.verb_word(i) || m_s.word(i) == "and") return std::nullopt;
    }
    return std::nullopt;
  }

  Sentence& m_s;
};

Sentence::Sentence(const Vocabulary& vocabulary, std::string_view text, const SentenceWords& words,
                   Reading reading, std::span<const std::string> namesake_words)
    : m_vocabulary(vocabulary),
      m_reading(reading),
      m_namesake_words(namesake_words),
      m_text(text),
      m_tokens(words.tokens),
      m_ids(words.ids),
      m_classes(words.classes),
      m_phrases(words.phrases),
      m_marks(take_marks(words.tokens.size())) {
  // Read for both kinds of event, a sentence's phrases are found once.
  if (!words.phrases.found) {
    find_into(vocabulary.names(), words.phrases.names);
    find_into(vocabulary.verbs(), words.phrases.verbs);
    find_into(vocabulary.cues(), words.phrases.cues);
    words.phrases.found = true;
  }
  mark_words();
  SentenceTagger(*this).tag();
}

namespace {
// Sentences are read one at a time, but more than one may be alive on a thread.
constexpr std::size_t k_spare_marks = 4;
}  // namespace

std::vector<Sentence::Marks>& Sentence::spare_marks() {
  thread_local std::vector<Marks> spare;
  return spare;
}

Sentence::Marks Sentence::take_marks(std::size_t words) {
  Marks marks;
  if (auto& spare = spare_marks(); !spare.empty()) {
    marks = std::move(spare.back());
    spare.pop_back();
  }
  marks.words.assign(words, Word{});
  marks.mentions.clear();
  marks.spans.clear();
  return marks;
}

Sentence::~Sentence() {
  if (auto& spare = spare_marks(); spare.size() < k_spare_marks)
    spare.push_back(std::move(m_marks));
}

void Sentence::mark_words() {
  for (std::uint32_t i = 0; i < size(); ++i) {
    m_words[i].classes = m_classes[i];
  }
  // A transfer word or cue of several words marks its last word ("takes delivery").
  for (const PhraseMatch& verb : m_phrases.verbs) {
    if (verb.value != Vocabulary::k_not_a_verb) {
      m_words[verb.end - 1].verb = &m_vocabulary.verb(verb.value);
      continue;
    }
    for (std::uint32_t i = verb.begin; i < verb.end; ++i) m_words[i].not_a_verb = true;
  }
  for (const PhraseMatch& cue : m_phrases.cues) {
    m_words[cue.end - 1].cue = static_cast<Cue>(cue.value);
  }
}

std::string_view Sentence::gap(std::uint32_t i) const {
  if (i == 0 || i >= size()) return {};
  return m_text.substr(m_tokens[i - 1].end, m_tokens[i].start - m_tokens[i - 1].end);
}

std::string_view Sentence::text_of(std::uint32_t begin, std::uint32_t end) const {
  return m_text.substr(m_tokens[begin].start, m_tokens[end - 1].end - m_tokens[begin].start);
}

std::string_view Sentence::after(std::uint32_t i) const {
  return m_text.substr(m_tokens[i].end, 4);
}

}  // namespace newsmon::rules::detail

namespace newsmon::rules::detail {

void add_namesake_words(const Vocabulary& vocabulary, std::string_view text,
                        const SentenceWords& sentence, std::vector<std::string>& words) {
  if (vocabulary.namesakes().size() == 0) return;
  thread_local std::vector<PhraseMatch> names;  // kept by the thread
  vocabulary.namesakes().find_into(text, sentence.tokens, sentence.ids, names);
  for (const PhraseMatch& name : names) {
    for (std::uint32_t i = name.begin; i < name.end; ++i) {
      words.emplace_back(sentence.tokens[i].folded);
    }
  }
}

}  // namespace newsmon::rules::detail
