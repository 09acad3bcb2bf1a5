#pragma once
// Pieces of text the chat formats and `newsmon alerts` share.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/alert/message.h"
#include "daemon/store/records.h"

namespace newsmon::alert::text {

/// The distinct hit texts in order of first appearance ("Abrams", "tanks").
std::vector<std::string> hit_terms(const std::vector<rules::Hit>& hits);

/// The feed's title, or its URL (redacted: util/redact.h) when it has none.
std::string feed_name(const store::Story& story);
std::string report_source(const store::Report& report);
/// The outlets that published the story: its feed, then each other feed once.
std::vector<std::string> outlets(const store::Alert& alert);
/// "Wire World", "Wire World and Paper Europe", "Wire World and 2 others".
std::string outlets_line(const store::Alert& alert);
/// RFC 3339 of the story's date, or an empty string when the feed gave none.
std::string published(const store::Story& story);
/// "2023-01-30 09:12Z": short, sortable, unambiguous.
std::string short_time(store::Epoch at);
/// "HIGH"
std::string severity_label(rules::Severity severity);
/// "Weapons pledged or supplied (arms-transfer-pledge, high)"
std::string rule_line(const RuleLine& rule);
/// "adds topic arms_transfer; adds rule arms-transfer-pledge; severity medium → high"
std::string update_line(const Update& update);
/// Joins with ", ".
std::string comma_list(const std::vector<std::string>& items);
/// At most max_bytes of text (whole UTF-8 characters), "…" marking a cut.
std::string cut(std::string_view text, std::size_t max_bytes);
/// Characters (not bytes) of UTF-8 text.
std::size_t characters(std::string_view text);

/// Text made inert for a markdown dialect: a backslash before each character of `specials`
/// wherever it is, and before what would open a list item ("- ", "+ ", "1. ") at the start
/// of a line.
std::string backslash_escape(std::string_view text, std::string_view specials);
/// A URL that cannot end the markup around it early: spaces, quotes, '<', '>', '|', '(',
/// ')', '[' and ']' percent-encoded (a URL means the same with them encoded).
std::string inert_url(std::string_view url);
/// Every occurrence of `from` replaced by `to`.
std::string replace_all(std::string text, std::string_view from, std::string_view to);

/// The snippet with each highlight wrapped in `open` and `close` and every piece of story
/// text passed through `escape` first.
std::string marked_snippet(const store::Snippet& snippet,
                           const std::function<std::string(std::string_view)>& escape,
                           std::string_view open, std::string_view close);

}  // namespace newsmon::alert::text
