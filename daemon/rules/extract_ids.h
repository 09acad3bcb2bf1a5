#pragma once
// Internal to daemon/rules: typed indices for the extractor's tables, so a party cannot
// be passed where a mention is meant, and "none" is std::nullopt rather than -1.

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>

#include <boost/container/small_vector.hpp>

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
/// The parties on one side of a transfer, or of one alliance event: seldom more than a
/// few, so up to four are held in place and reading a story allocates none for them.
using PartyList = boost::container::small_vector<PartyId, 4>;
/// Removes the parties the predicate picks, as std::erase_if does for a vector.
template <typename Predicate>
void erase_parties_if(PartyList& parties, Predicate predicate) {
  parties.erase(std::remove_if(parties.begin(), parties.end(), predicate), parties.end());
}

/// A place in one sentence where a party is named.
using MentionId = Id<struct MentionTag>;
/// A run of words in one sentence that names equipment.
using SpanId = Id<struct SpanTag>;

}  // namespace newsmon::rules::detail
