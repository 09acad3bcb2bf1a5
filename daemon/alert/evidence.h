#pragma once
// What an alert shows as the reason it was raised: the hits worth reading and the one
// sentence that shows them best.
//
// The matcher reports every term it matched, as `newsmon match` prints them: "to" as one
// end of a NEAR, "IRIS-T" inside "IRIS-T SLM". That is honest about the rule but noise to
// a reader, so alerts clean the hits here, on the way out: the stored matches keep them
// all, for `newsmon match`, backtests and whoever reads the database.

#include <vector>

#include "daemon/rules/match.h"
#include "daemon/store/records.h"

namespace newsmon::alert {

/// The hits worth showing: no function words ("to", "for", "from"), no repeats, and of
/// hits that overlap in a field only the longest ("IRIS-T SLM", not also "IRIS-T");
/// ordered by field, then position. Each keeps its field and offsets.
std::vector<rules::Hit> clean_hits(std::vector<rules::Hit> hits);

/// Characters a snippet holds at most (an ellipsis included).
inline constexpr std::size_t k_snippet_characters = 300;

/// The sentence of the story with the strongest hits (the most distinct terms, then the
/// most hits), the summary and content before the title, cut around its hits to at most
/// k_snippet_characters with "…" where it was cut; its hits marked as highlights.
/// An empty snippet when no hit falls in the story's text.
store::Snippet snippet_of(const rules::Story& story, const std::vector<rules::Hit>& cleaned_hits);

}  // namespace newsmon::alert
