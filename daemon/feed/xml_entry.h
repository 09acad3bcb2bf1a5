#pragma once
// One feed entry (an RSS or RDF <item>, an Atom <entry>) to an Item, and the pieces the
// feed-level reader shares with it (links, people, dates).

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "daemon/feed/item.h"
#include "daemon/feed/xml_scope.h"

namespace newsmon::feed {

/// Reads an entry element. `scope` must have entered the element already. The id
/// fallback is left to the caller (finish_item), which also knows the feed URL.
Item read_entry(pugi::xml_node entry, XmlScope& scope);

/// Resolves a reference against the base in scope; the reference unchanged when it is
/// already absolute or there is no base. Script and data URLs give an empty string, also
/// when tabs, line breaks or control characters hide their scheme from a plain reading
/// ("java&#9;script:") but not from a browser.
std::string resolve_reference(std::string_view reference, const std::string& base);

/// Whether a link is an absolute http(s) URL.
bool is_web_url(std::string_view url);

/// Gives an entry without an id its fallback (its link, else a hash of title and text)
/// and, when it has no link, uses an id that is a web URL as its link.
void finish_item(Item& item);

/// An RSS-style author ("jane@example.org (Jane Doe)", "Jane Doe <jane@…>", "Jane").
Person parse_person_text(std::string_view text);

}  // namespace newsmon::feed
