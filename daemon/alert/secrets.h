#pragma once
// Where webhook secrets come from. The configuration names a source, so the secret
// itself need not sit in the configuration file.

#include <string_view>
#include <vector>

#include "daemon/alert/signing.h"
#include "daemon/util/result.h"

namespace newsmon::alert {

/// Resolves one secret:
///   env:NAME         the environment variable NAME
///   file:PATH        the first line of the file (surrounding white space ignored)
///   credential:NAME  $CREDENTIALS_DIRECTORY/NAME, as systemd's LoadCredential= provides
///   whsec_...        the value itself
/// The value (read from the source) is "whsec_<base64>" or plain base64 of 24 to 64
/// bytes. Errors name the source and what to do, never the secret.
util::Result<SigningKey> resolve_secret(std::string_view source);

/// Resolves every secret of an endpoint, in order (the first signs first).
util::Result<std::vector<SigningKey>> resolve_secrets(const std::vector<std::string>& sources);

}  // namespace newsmon::alert
