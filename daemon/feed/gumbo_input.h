#pragma once
// What gumbo is given instead of a fragment, so that it reads it as HTML5 does and never
// trips over its own assertions. Private to feed/. Each function returns nullopt when the
// fragment needs no change, so the common case copies nothing.

#include <optional>
#include <string>
#include <string_view>

namespace newsmon::feed {

/// gumbo turns C0 control characters and DEL into U+FFFD; plain text has no use for them
/// (TextBuilder drops them, and reads a vertical tab as white space). They become what
/// the HTML tokenizer reads as an ordinary character and TextBuilder drops, a zero-width
/// space, so that "&#4<0x11>82;" still ends its reference where the fast path ends it.
std::optional<std::string> without_controls(std::string_view html);

/// gumbo adds up the digits of a numeric character reference in an int without checking
/// for overflow, so "&#0666…6;" can wrap to a negative code point that it writes as bytes
/// that are not UTF-8. HTML5 reads any value past U+10FFFF as U+FFFD: such a reference's
/// digits become the smallest such value, which gumbo replaces as HTML5 does.
std::optional<std::string> without_overflowing_references(std::string_view html);

/// gumbo 0.10 aborts on an assertion for some <select> elements inside foreign content
/// inside tables ("<table><svg><select><title><select><td>"): a hostile feed could end the
/// daemon. <select> and </select> become tags of an unknown element, which HTML5 reads as
/// an ordinary inline one; the options' text stays text, as in a <select>.
std::optional<std::string> without_select_elements(std::string_view html);

}  // namespace newsmon::feed
