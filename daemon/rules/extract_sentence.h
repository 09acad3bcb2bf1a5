#pragma once
// Internal to daemon/rules: reading one sentence of a story for arms transfers. Finds the
// parties (states, armed groups), the equipment and its quantity, the transfer words and
// the words that qualify them, and turns them into candidate events with the roles the
// grammar gives: the subject of "sends" supplies, the subject of "buys" receives, "to X"
// and "for X" receive, "from X" and "Russian S-400" supply.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/extract_gazetteer.h"

namespace newsmon::rules::detail {

/// How far a transfer has gone, weakest first; the strongest cue in a clause wins.
enum class TransferStatus : std::uint8_t {
  none,
  pledged,
  delivered,
  speculation,  ///< "could send": reported only when someone is said to warn or allege it
  ordered,
  approved,
  alleged,
  refused,
  requested,  ///< "urged to lift its ban on sending": the request is the news
};
const char* status_name(TransferStatus status);

struct Candidate {
  std::vector<std::uint16_t> suppliers;  ///< party indices; empty when not stated
  std::vector<std::uint16_t> recipients;
  std::string system;  ///< as written in the story
  std::optional<std::int64_t> quantity;
  TransferStatus status = TransferStatus::none;
};

/// The candidate events of one sentence: `tokens` are its words (util::tokenize with
/// JoinedForms::skip) pointing into `text`. Bounded: linear in the words, with windows
/// of a few words around each transfer word.
/// The parties a sentence names: as themselves, and as makers of equipment.
struct SentenceParties {
  std::vector<std::uint16_t> named;   ///< not as the maker of some equipment
  std::vector<std::uint16_t> makers;  ///< "Russian S-400", "F-35A" (its maker's state)
};

/// When `parties` is given, the parties the sentence names are appended to it.
std::vector<Candidate> read_sentence(std::string_view text, const std::vector<util::Token>& tokens,
                                     SentenceParties* parties = nullptr);

}  // namespace newsmon::rules::detail
