#pragma once
// Character references: HTML's named references (all of them, not only XML's five),
// numeric references with HTML's error handling, and the rewrite that lets an XML parser
// read feeds that use HTML entities without declaring them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsmon::feed {

/// The UTF-8 text of an HTML named character reference, looked up by its name without
/// '&' and ';' ("eacute" gives "é"). Case-sensitive, as in HTML. nullopt when unknown.
std::optional<std::string_view> html_entity(std::string_view name);

/// Every named reference (name, text), in name order.
std::vector<std::pair<std::string_view, std::string_view>> html_entities();

/// The longest legacy reference (one HTML decodes even without a semicolon, like "copy"
/// or "amp") that `text` starts with; 0 when none does.
std::size_t legacy_html_entity_prefix(std::string_view text);

/// The code point a numeric reference stands for under HTML's rules: 0x80-0x9F are read
/// as windows-1252, NUL, surrogates and values past U+10FFFF become U+FFFD.
char32_t html_numeric_reference(std::uint64_t value);

/// Appends the UTF-8 encoding of a code point (U+FFFD for invalid ones).
void append_utf8(std::string& out, char32_t code_point);

struct EntityExpansion {
  std::size_t rewritten = 0;  ///< references replaced by their text
  std::size_t refused = 0;    ///< references left as written because of the size limits
};

/// Rewrites, outside CDATA sections and comments, the entity references an XML parser
/// without DTD support would leave unexpanded: entities the document declares in its
/// internal DTD subset (<!ENTITY name "text">, plain text values only, so no expansion
/// can nest or explode) and HTML's named references that XML does not predefine
/// ("&nbsp;", "&eacute;"). Characters that are markup ("&LT;") become numeric
/// references, and numeric references to no character ("&#0;", "&#xD800;", "&#x110000;")
/// become "&#xFFFD;". Unknown names are left alone. The document is untouched when
/// nothing was rewritten.
///
/// Sizes are bounded, so that one entity used many times cannot turn a small feed into a
/// large one: the document grows to at most `max_size` bytes, and declared entities add
/// at most as many bytes as the document had. References past either bound are left as
/// written (and counted in `refused`).
EntityExpansion expand_entities_for_xml(std::string& document, std::size_t max_size);

}  // namespace newsmon::feed
