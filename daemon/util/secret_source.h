#pragma once
// Where a secret comes from, so that it need not sit in the configuration file: the
// environment, a file, or a systemd credential.

#include <optional>
#include <string>
#include <string_view>

#include "daemon/util/result.h"

namespace newsmon::util {

/// Reads the secret a source names:
///   env:NAME         the environment variable NAME
///   file:PATH        the first line of the file (surrounding white space ignored)
///   credential:NAME  $CREDENTIALS_DIRECTORY/NAME, as systemd's LoadCredential= provides
/// nullopt for any other text (the caller decides whether a literal value is allowed).
/// `what` names the secret in errors ("a webhook secret"); errors never quote the secret.
std::optional<Result<std::string>> read_secret_source(std::string_view source,
                                                      std::string_view what);

}  // namespace newsmon::util
