#pragma once
// Internal to daemon/rules: typed indices for the extractor's tables, so a party cannot
// be passed where a mention is meant, and "none" is std::nullopt rather than -1.

#include <compare>
#include <cstddef>
#include <cstdint>

namespace newsmon::rules::detail {

template <typename Tag>
struct Id {
  std::uint32_t value = 0;
  /// The index into the table the id belongs to.
  std::size_t index() const { return value; }
  friend auto operator<=>(Id, Id) = default;
};

template <typename Tag>
Id<Tag> id_at(std::size_t index) {
  return Id<Tag>{static_cast<std::uint32_t>(index)};
}

/// A state, armed group or alliance of the vocabulary.
using PartyId = Id<struct PartyTag>;
/// A place in one sentence where a party is named.
using MentionId = Id<struct MentionTag>;
/// A run of words in one sentence that names equipment.
using SpanId = Id<struct SpanTag>;

}  // namespace newsmon::rules::detail
