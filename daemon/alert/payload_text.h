#pragma once
// Pieces of text the chat formats and `newsmon alerts` share.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/store.h"

namespace newsmon::alert::text {

/// The distinct matched terms in order of first appearance ("Abrams", "tanks").
std::vector<std::string> hit_terms(const rules::Match& match);
/// The feed's title, or its URL when it has none.
std::string feed_name(const store::Alert& alert);
std::string report_source(const store::Report& report);
/// RFC 3339 of the story's date, or an empty string when the feed gave none.
std::string published(const store::Alert& alert);
/// "HIGH"
std::string severity_label(rules::Severity severity);
/// Joins with ", ".
std::string comma_list(const std::vector<std::string>& items);
/// At most max_bytes of text (whole UTF-8 characters), "…" marking a cut.
std::string cut(std::string_view text, std::size_t max_bytes);

}  // namespace newsmon::alert::text
