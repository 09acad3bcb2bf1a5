// URL resolution and the canonical form that recognises one story under several links.

#include <string>

#include "daemon/feed/xml_entry.h"
#include "daemon/util/redact.h"
#include "daemon/util/url.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

// The scheme a browser sees: it drops leading C0 controls and spaces and every tab and
// line break inside a URL (WHATWG URL), so "java\tscript:" is a script URL too.
std::string browser_scheme(std::string_view url) {
  std::string seen;
  for (const char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (seen.empty() && static_cast<unsigned char>(c) <= 0x20) continue;
    if (c == ':') return seen;
    seen += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return {};
}

}  // namespace

void util_url(std::string_view input) {
  Lines lines(input);
  const std::string_view base = lines.next();
  const std::string_view reference = lines.rest();
  if (auto resolved = util::resolve_url(base, reference)) {
    require(!util::url_scheme(*resolved).empty(), "a resolved URL is an absolute URL");
  }
  (void)util::url_host(reference);
  const std::string canonical = util::canonical_link(reference);
  if (canonical != reference) {
    require(canonical.rfind("https://", 0) == 0, "a canonical link is an https URL");
  }
  // Links in feeds resolve against xml:base or the feed's URL, never to script URLs.
  const std::string link = feed::resolve_reference(reference, std::string(base));
  const std::string scheme = browser_scheme(link);
  require(scheme != "javascript" && scheme != "vbscript" && scheme != "data",
          "no feed link is a script URL");
  // Redacting what is redacted changes nothing: no credential survives a first pass in a
  // shape a second pass would still find.
  const std::string redacted = util::redact_url(reference);
  require(util::redact_url(redacted) == redacted, "a redacted URL stays as it is");
  const std::string text = util::redact_urls_in(input);
  require(util::redact_urls_in(text) == text, "redacted text stays as it is");
}

}  // namespace newsmon::fuzz
