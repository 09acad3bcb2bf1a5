#pragma once
// Internal to daemon/rules: what the arms-transfer extractor marks in one sentence before
// reading it — the parties (states, armed groups, defence companies) and the equipment,
// each piece of equipment with its quantity and the state that makes it.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "daemon/rules/extract_gazetteer.h"

namespace newsmon::rules::detail {

/// Words [begin, end) that name equipment ("500 Stinger surface-to-air missiles" has the
/// span "Stinger surface-to-air missiles" with quantity 500).
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint16_t origin = k_no_party;  ///< the maker's state of a named system in it
  std::optional<std::int64_t> quantity;
};

/// Words [begin, end) that name a party, or a defence company of that state.
struct Mention {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint16_t party = k_no_party;  ///< index into gazetteer_parties()
  bool maker = false;                ///< a company ("Baykar"): a supplier, never a recipient
};

/// Whether the party makes arms: some system or defence company in the lists is its.
bool exporter(std::uint16_t party);

/// The marks of one sentence: `tokens` (util::tokenize with JoinedForms::skip) point
/// into `text`; both must outlive the object. Linear in the words.
class SentenceTags {
 public:
  SentenceTags(std::string_view text, const std::vector<util::Token>& tokens);

  std::vector<Mention> mentions;
  std::vector<int> mention_at;  ///< by word: index into mentions, or -1
  std::vector<Span> spans;      ///< equipment, in text order
  std::vector<int> span_at;     ///< by word: index into spans, or -1

 private:
  std::uint32_t size() const { return static_cast<std::uint32_t>(m_tokens.size()); }
  std::string_view word(std::uint32_t i) const {
    return i < size() ? std::string_view(m_tokens[i].folded) : std::string_view();
  }
  void tag();
  bool designator(std::uint32_t i) const;
  void build_spans(const std::vector<NameMatch>& names);
  bool covered(std::uint32_t i) const;
  /// Whether the mention is followed by "'s" ("Poland's tanks": the owner, not the maker).
  bool possessive_before(const Mention& mention) const;
  std::optional<std::int64_t> quantity_before(std::uint32_t begin) const;

  std::string_view m_text;
  const std::vector<util::Token>& m_tokens;
};

}  // namespace newsmon::rules::detail
