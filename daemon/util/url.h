#pragma once
// URL handling over libcurl's URL API (no I/O): resolution of relative references,
// parts, and the canonical form used to recognise one story under several addresses.

#include <string>
#include <string_view>

#include "daemon/util/result.h"

namespace newsmon::util {

/// Resolves a reference against a base URL (RFC 3986). An absolute reference is returned
/// normalised; an empty base returns the reference unchanged when it is absolute and an
/// Error when it is relative. What is returned is a URL that parses again.
Result<std::string> resolve_url(std::string_view base, std::string_view reference);

/// The lower-case scheme ("https"), or an empty string when the text is not a URL.
std::string url_scheme(std::string_view url);

/// The lower-case host name, or an empty string when there is none.
std::string url_host(std::string_view url);

/// The address a story is known by across outlets: scheme and host lower-cased, "www."
/// dropped, default port, fragment and tracking parameters (utm_*, fbclid, gclid, ...)
/// removed, remaining query parameters kept in order, trailing slash dropped.
/// Text that is not an absolute http(s) URL is returned as it was.
std::string canonical_link(std::string_view url);

}  // namespace newsmon::util
