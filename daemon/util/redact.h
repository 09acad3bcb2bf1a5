#pragma once
// Credentials in URLs, hidden wherever a URL is shown. A feed or webhook URL may carry a
// password (`https://alice:pw@host/feed`) or a token in its query (`?token=...`); the
// URL itself must keep them to work, but logs, listings, exports meant for sharing,
// diagnostics and webhook payloads show the URL with them replaced by "***".
//
// Both functions work on the text alone (no URL parser), so a malformed URL — the one an
// error message is about — is redacted too. What they cannot see is a secret in a path
// segment (`/feeds/6f1c.../rss`); such URLs are shown as they are.

#include <string>
#include <string_view>

namespace newsmon::util {

/// The URL with its userinfo and the values of credential-like query (and fragment)
/// parameters replaced by "***":
///   https://alice:pw@host/feed?token=abc&page=2  ->  https://***@host/feed?token=***&page=2
/// Credential-like names, compared case-insensitively after %-decoding: token, key,
/// api_key, apikey, access_token, password, passwd, pwd, secret, sig, signature, auth,
/// authorization, sid, jwt, otp, and every name containing token, secret,
/// passw, apikey, api_key, api-key, signature, credential or session, or ending in key
/// or sig. Everything else is kept byte for byte, so a URL without credentials comes back
/// unchanged.
std::string redact_url(std::string_view url);

/// Free text (an error message, a line of a file) with every URL in it redacted as
/// redact_url() does. A URL starts at a scheme followed by "://" and ends at white space,
/// a quote, '<', '>' or the end of the text; punctuation that ends it (".,:;)!?") is taken
/// to be the sentence's.
std::string redact_urls_in(std::string_view text);

/// Whether a query parameter name is one whose value redact_url() hides.
bool is_credential_parameter(std::string_view name);

}  // namespace newsmon::util
