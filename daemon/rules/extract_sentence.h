#pragma once
// Internal to daemon/rules: one sentence as the event extractor reads it — its words,
// what the vocabulary says of each word (transfer word, cue, word classes), and the
// parties and equipment it names. Built once per sentence, then only read.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/extract_ids.h"
#include "daemon/rules/extract_vocabulary.h"
#include "daemon/util/tokenize.h"

namespace newsmon::rules::detail {

/// Words [begin, end) that name a party, or a defence company of that state.
struct Mention {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  PartyId party;
  bool maker = false;  ///< a company ("Baykar"): a supplier, never a recipient
};

/// Words [begin, end) that name equipment ("500 Stinger surface-to-air missiles" has the
/// span "Stinger surface-to-air missiles" with quantity 500).
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::optional<PartyId> origin;  ///< the maker's state of a named system in it
  std::optional<std::int64_t> quantity;
};

/// What a sentence is read for: transfers know states and armed groups as parties,
/// alliance events alliances too ("NATO" supplies nothing).
enum class Reading { transfers, alliances };

/// The words of one sentence: its tokens (util::tokenize with JoinedForms::skip, pointing
/// into the field's text; their folded forms are views into the tokens they were split
/// from) and their numbers in the vocabulary's lexicon.
struct SentenceWords {
  std::vector<util::TokenView> tokens;
  /// The folded text the tokens view, when split_sentences() tokenized the text itself.
  std::shared_ptr<const util::TokenBuffer> owner;
  LexiconWords ids;
  std::vector<WordClasses> classes;  ///< of each word (Vocabulary::classes)

  /// The names, transfer words and cue words of the sentence: found by the first
  /// Sentence built from these words, and kept for the other kinds of event read from
  /// the same story. Refilled with the words (split_sentences()).
  struct Phrases {
    bool found = false;
    std::vector<PhraseMatch> names;
    std::vector<PhraseMatch> verbs;
    std::vector<PhraseMatch> cues;
  };
  mutable Phrases phrases;
};

class Sentence {
 public:
  /// `words` (from split_sentences()) point into `text`; the vocabulary, the text and
  /// the words must outlive the sentence. Linear in the words.
  /// `namesake_words` are the words of the namesakes the story names ("new", "england",
  /// "patriots"): a weapon named only by them is the namesake ("The Patriots will deliver").
  Sentence(const Vocabulary& vocabulary, std::string_view text, const SentenceWords& words,
           Reading reading = Reading::transfers, std::span<const std::string> namesake_words = {});
  ~Sentence();
  Sentence(const Sentence&) = delete;
  Sentence& operator=(const Sentence&) = delete;

  const Vocabulary& vocabulary() const { return m_vocabulary; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(m_tokens.size()); }
  /// The folded word at `i`; empty past the end.
  std::string_view word(std::uint32_t i) const {
    return i < size() ? std::string_view(m_tokens[i].folded) : std::string_view();
  }
  /// The text between word i - 1 and word i (punctuation, spaces).
  std::string_view gap(std::uint32_t i) const;
  /// The story's text of words [begin, end).
  std::string_view text_of(std::uint32_t begin, std::uint32_t end) const;
  /// The story's text from the end of word i on (for "'s" after a name).
  std::string_view after(std::uint32_t i) const;
  /// The phrases of the table in the sentence.
  /// The phrases of one of the vocabulary's tables in the sentence.
  std::vector<PhraseMatch> find(const PhraseTable& table) const {
    return table.find(m_text, m_tokens, m_ids);
  }
  /// The same into `found`, whose memory is reused.
  void find_into(const PhraseTable& table, std::vector<PhraseMatch>& found) const {
    table.find_into(m_text, m_tokens, m_ids, found);
  }

  bool is(WordClass word_class, std::uint32_t i) const {
    return i < size() && (m_words[i].classes & bit(word_class)) != 0;
  }
  /// The transfer word that ends at word `i`, or null.
  const VerbInfo* verb_word(std::uint32_t i) const {
    return i < size() ? m_words[i].verb : nullptr;
  }
  /// Whether word `i` is part of a phrase with a transfer word that is none.
  bool not_a_verb(std::uint32_t i) const { return i < size() && m_words[i].not_a_verb; }
  /// Whether word `i` is part of a phrase that looks like a weapon but is none.
  bool non_weapon(std::uint32_t i) const { return i < size() && m_words[i].non_weapon; }
  /// The cue level of the cue word that ends at word `i` (Cue::none when none).
  Cue cue(std::uint32_t i) const { return i < size() ? m_words[i].cue : Cue::none; }

  const std::vector<Mention>& mentions() const { return m_mentions; }
  const Mention& mention(MentionId id) const { return m_mentions[id.index()]; }
  std::optional<MentionId> mention_at(std::uint32_t i) const {
    return i < size() ? m_words[i].mention : std::nullopt;
  }
  const std::vector<Span>& spans() const { return m_spans; }
  const Span& span(SpanId id) const { return m_spans[id.index()]; }
  std::optional<SpanId> span_at(std::uint32_t i) const {
    return i < size() ? m_words[i].span : std::nullopt;
  }

 private:
  friend class SentenceTagger;
  struct Word {
    WordClasses classes = 0;
    const VerbInfo* verb = nullptr;
    Cue cue = Cue::none;
    std::optional<MentionId> mention;
    std::optional<SpanId> span;
    bool non_weapon = false;
    bool not_a_verb = false;  ///< in a phrase of verbs_lookalikes ("security agreement")
  };
  /// What a sentence marks in its words: taken from the thread's spare buffers and given
  /// back by the destructor, so a thread reads sentence after sentence without
  /// allocating once they have grown (a sentence has at most a bounded number of words).
  struct Marks {
    std::vector<Word> words;
    std::vector<Mention> mentions;
    std::vector<Span> spans;
  };
  static Marks take_marks(std::size_t words);
  static std::vector<Marks>& spare_marks();
  void mark_words();

  const Vocabulary& m_vocabulary;
  Reading m_reading;
  std::span<const std::string> m_namesake_words;
  std::string_view m_text;
  const std::vector<util::TokenView>& m_tokens;
  const LexiconWords& m_ids;
  const std::vector<WordClasses>& m_classes;
  const SentenceWords::Phrases& m_phrases;
  Marks m_marks;
  std::vector<Word>& m_words = m_marks.words;
  std::vector<Mention>& m_mentions = m_marks.mentions;
  std::vector<Span>& m_spans = m_marks.spans;
};

/// The word `words` before word `v`, or the first word.
inline std::uint32_t words_back(std::uint32_t v, std::uint32_t words) {
  return v > words ? v - words : 0;
}

/// The sentences of a field's text, each as its words looked up in the vocabulary. A
/// very long text is read up to a bound, and a very long sentence is cut, so reading
/// stays linear and small.
std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text);
/// The same, from the text's tokens as util::tokenize_into() gave them (with or without
/// joined forms), so that text the matcher has tokenized is not tokenized again. The
/// sentences' words view `tokens`, which must outlive them unchanged.
std::vector<SentenceWords> split_sentences(const Vocabulary& vocabulary, std::string_view text,
                                           const util::TokenBuffer& tokens);

/// The sentences of a story's three fields (title, summary, content), split and looked
/// up once for every kind of event read from the story. They point into the story's text
/// and view the fields' tokens given to split_story_into(), which must outlive them.
/// split_story_into() reuses the buffers of the story split before: a thread that keeps
/// one splits stories without allocating once they have grown.
class StorySentences {
 public:
  std::array<std::string_view, 3> texts;

  /// The sentences of field `f`.
  std::span<const SentenceWords> field(std::size_t f) const {
    return {m_fields[f].data(), m_counts[f]};
  }

 private:
  friend void split_story_into(const Vocabulary&, const Story&,
                               const std::array<const util::TokenBuffer*, 3>&, StorySentences&);
  std::array<std::vector<SentenceWords>, 3> m_fields;  ///< past m_counts: spare buffers
  std::array<std::size_t, 3> m_counts{};
  std::vector<util::TokenView> m_tokens;
  /// The tokens of a field split_story_into() was given none for; on the heap, so that
  /// the views stay valid when the sentences move.
  std::array<std::unique_ptr<util::TokenBuffer>, 3> m_own_tokens;
};
/// `tokens` are the fields' tokens (see split_sentences()), or null to tokenize a field.
StorySentences split_story(const Vocabulary& vocabulary, const Story& story,
                           const std::array<const util::TokenBuffer*, 3>& tokens = {});
/// The same into `out`, reusing its buffers.
void split_story_into(const Vocabulary& vocabulary, const Story& story,
                      const std::array<const util::TokenBuffer*, 3>& tokens, StorySentences& out);

/// Appends the folded words of the namesakes (weapon_namesakes) a sentence names.
void add_namesake_words(const Vocabulary& vocabulary, std::string_view text,
                        const SentenceWords& sentence, std::vector<std::string>& words);

/// The parties a sentence names: as themselves, and as makers of equipment.
struct SentenceParties {
  PartyList named;   ///< not as the maker of some equipment
  PartyList makers;  ///< "Russian S-400", "F-35A" (its maker's state)
  /// States read buying or building what they make themselves ("France orders Rafales").
  PartyList domestic;
};

/// One transfer a sentence (or a story) reports, before it becomes an event.
struct Candidate {
  PartyList suppliers;  ///< empty when not stated
  PartyList recipients;
  std::string system;  ///< as written in the story
  std::optional<std::int64_t> quantity;
  Cue status = Cue::none;
};

/// The candidate transfers of one sentence. When `parties` is given, the parties the
/// sentence names are appended to it. Bounded: linear in the words, with windows of a
/// few words around each transfer word.
std::vector<Candidate> read_transfers(const Sentence& sentence, SentenceParties* parties = nullptr);

}  // namespace newsmon::rules::detail
