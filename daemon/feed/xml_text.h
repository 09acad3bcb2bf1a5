#pragma once
// Text constructs of feed elements (titles, summaries, contents): their declared or
// guessed type, base64 and inline XHTML, turned into the plain text and the markup an
// Item keeps.

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace newsmon::feed {

/// How to read an element that does not declare its type.
enum class DefaultType {
  text,   ///< plain text (Atom's default)
  html,   ///< escaped HTML (RSS description, content:encoded)
  guess,  ///< HTML if it looks like markup (RSS titles, which are nominally plain)
};

struct TextConstruct {
  std::string plain;  ///< normalised plain text
  std::string html;   ///< markup for display (plain text escaped when it had none)
};

TextConstruct read_text_construct(pugi::xml_node element, DefaultType default_type);

/// The concatenated character data directly inside an element (text and CDATA).
std::string element_text(pugi::xml_node element);

}  // namespace newsmon::feed
