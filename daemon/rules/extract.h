#pragma once
// Event extraction: turning a story a rule matched into structured events (who supplies
// what to whom, how many, in which state). A rule asks for it with `extract:`.
//
// Contract for implementers of extract_events():
//  - pure and thread-safe: called concurrently from matcher threads, no shared state
//    that is not immutable or per thread;
//  - bounded: linear in the story's length, no I/O, no exceptions for any input;
//  - returns every event the story reports, the main one first; an empty vector when it
//    reports none it can name;
//  - the hits of the rule that asked are given as hints (field and byte offsets into the
//    story's fields); they may be ignored.

#include <string_view>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/util/enum_names.h"
#include "daemon/util/result.h"

namespace newsmon::rules {

enum class ExtractKind {
  none,           ///< no extraction (the default)
  arms_transfer,  ///< transfers of weapons: supplier, recipient, system, quantity, status
};

/// The kinds a rule's `extract:` may name (ExtractKind::none is not written).
inline constexpr auto k_extract_kind_names =
    util::enum_names<ExtractKind>("extract kind", {{ExtractKind::arms_transfer, "arms_transfer"}});

/// "arms_transfer" -> ExtractKind::arms_transfer; an Error listing the known kinds.
util::Result<ExtractKind> parse_extract_kind(std::string_view text);

/// The events the story reports, of the given kind.
std::vector<Event> extract_events(ExtractKind kind, const Story& story,
                                  const std::vector<Hit>& hits);

}  // namespace newsmon::rules
