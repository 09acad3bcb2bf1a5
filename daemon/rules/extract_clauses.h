#pragma once
// Internal to daemon/rules: what the words around a transfer word in one sentence say
// about it — the status its cue words give, whether it stands in a clause that is only
// background, whether what it moves is goods or look-alikes, whether it signs a pact
// rather than a purchase, and where a request or an urging stands. The transfer reader
// asks these beside the role finders.

#include <cstdint>
#include <optional>

#include "daemon/rules/extract_roles.h"

namespace newsmon::rules::detail {

class TransferClauses {
 public:
  /// The sentence and its role finders must outlive this object.
  TransferClauses(const Sentence& sentence, const SentenceRoles& roles)
      : m_s(sentence), m_roles(roles) {}

  /// The status the words before `v` give a transfer word whose own status is `base`;
  /// `reach` is how many words back they may be. A comma ends the words that count.
  Cue status_for(std::uint32_t v, Cue base, std::uint32_t reach = 7) const;
  /// ", who halted state military aid to Kyiv,": a clause that describes someone is the
  /// story's background, not its news.
  bool background(std::uint32_t v) const;
  /// "sends wheat to Somalia", "gas deliveries", "sends two water bombers": what the
  /// transfer word moves (up to a comma, a list or another transfer word) is goods or
  /// look-alikes, and no equipment.
  bool sends_goods(std::uint32_t v) const;
  /// "Denmark signs a ten-year security agreement": a contract word whose object is a
  /// pact, not a purchase; "signs a letter of intent": the contract word it signs says more.
  bool signs_no_purchase(std::uint32_t v) const;
  /// Whether the party stands right before a transfer noun as its buyer: "Taiwan
  /// package", "Saudi arms sale" (only equipment and a few words between).
  bool buyer_before_noun(MentionId id, std::uint32_t v) const;
  /// "lifts an embargo", "ends the embargo".
  bool lifting_before(std::uint32_t v) const;
  /// The position of a request word ("urged") a few words before `v`.
  std::optional<std::uint32_t> request_before(std::uint32_t v) const;
  /// An urging word with an object ("urged it to", "asks Seoul to") in words [from, v).
  std::optional<std::uint32_t> urging_between(std::uint32_t from, std::uint32_t v) const;
  /// Whether a cue of the level stands in the five words before `v`.
  bool cue_before(std::uint32_t v, Cue wanted) const;

 private:
  const Sentence& m_s;
  const SentenceRoles& m_roles;
};

}  // namespace newsmon::rules::detail
