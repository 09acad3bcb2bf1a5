#pragma once
// Internal to daemon/rules: the English words the arms-transfer extractor reads — transfer
// words with who does them and the status they imply, words that qualify them ("urged",
// "rules out", "could"), numbers, and small classes of function words. These are the
// grammar of the extractor; the names it knows (states, systems) are in the gazetteer.

#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {

/// Who does a transfer word: the supplier ("sends"), the recipient ("buys"), the
/// recipient only when nothing stronger is said ("deal", "signed"), or nobody (a word
/// such as "approves" that only qualifies another).
enum class Role : std::uint8_t { none, supply, acquire, weak_acquire, modifier };

struct VerbInfo {
  std::string_view word;
  Role role;
  TransferStatus status;  ///< what the word says on its own ("sold": ordered)
};

/// The transfer word a folded word is, or null.
const VerbInfo* verb_of(std::string_view word);
/// The status a folded word gives the transfer word after it; none when it gives none.
TransferStatus cue_of(std::string_view word);
/// "31", "1,800", "four", "dozen" as a number; nullopt for anything else.
std::optional<std::int64_t> number_of(std::string_view word);

enum class WordClass {
  to_words,
  prepositions,
  fillers,
  heads,
  units,
  number_words,
  including,
  forces,
  reporting,
  travel,
  opposition,
  need_equipment,
  arrival,
  transfer_nouns,
  object_verbs,
  made,
  use,
  export_nouns
};
/// Whether the folded word is one of the class (see extract_words.cpp for each list).
bool is_word(WordClass word_class, std::string_view word);

}  // namespace newsmon::rules::detail
