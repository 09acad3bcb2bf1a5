#pragma once
// Event extraction: turning a story a rule matched into structured events (who supplies
// what to whom, how many, in which state; which parties an alliance story is about, what
// they did and where). A rule asks for it with `extract:`; the words the extractor reads
// are the rule set's lists (extract_vocabulary.h).
//
// Contract of extract_events():
//  - pure and thread-safe: called concurrently from matcher threads, no shared state
//    that is not immutable or per thread;
//  - bounded: linear in the story's length, no I/O, no exceptions for any input;
//  - returns every event the story reports, the main one first; an empty vector when it
//    reports none it can name.

#include <string_view>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/util/enum_names.h"
#include "daemon/util/result.h"

namespace newsmon::rules {

enum class ExtractKind {
  none,                ///< no extraction (the default)
  arms_transfer,       ///< transfers of weapons: supplier, recipient, system, quantity, status
  alliance_diplomacy,  ///< alliance events: parties, act, place
};

/// The kinds a rule's `extract:` may name (ExtractKind::none is not written).
inline constexpr auto k_extract_kind_names = util::enum_names<ExtractKind>(
    "extract kind", {{ExtractKind::arms_transfer, "arms_transfer"},
                     {ExtractKind::alliance_diplomacy, "alliance_diplomacy"}});

/// "arms_transfer" -> ExtractKind::arms_transfer; an Error listing the known kinds.
util::Result<ExtractKind> parse_extract_kind(std::string_view text);
/// "arms_transfer"; "" for ExtractKind::none.
const char* extract_kind_name(ExtractKind kind);

}  // namespace newsmon::rules

namespace newsmon::rules::detail {

class Vocabulary;
class StorySentences;

/// The events the story reports, of the given kind, read with the vocabulary.
std::vector<Event> extract_events(const Vocabulary& vocabulary, ExtractKind kind,
                                  const Story& story);
/// The same, from the story's sentences (split_story() in extract_sentence.h), which
/// several kinds can share.
std::vector<Event> extract_events(const Vocabulary& vocabulary, ExtractKind kind,
                                  const StorySentences& story);

/// Arms transfers only (extract_events with ExtractKind::arms_transfer).
std::vector<Event> extract_transfers(const Vocabulary& vocabulary, const StorySentences& story);
/// Alliance events only (extract_events with ExtractKind::alliance_diplomacy).
std::vector<Event> extract_alliance_events(const Vocabulary& vocabulary,
                                           const StorySentences& story);

}  // namespace newsmon::rules::detail
