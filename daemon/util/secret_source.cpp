#include "daemon/util/secret_source.h"

#include <cstdlib>
#include <filesystem>

#include "daemon/util/text.h"

namespace newsmon::util {
namespace {

Result<std::string> first_line_of(const std::filesystem::path& path, std::string_view what) {
  auto text = read_file(path);
  if (!text) {
    // The message names the file.
    return make_error("cannot read {}: {}", what, text.error().message);
  }
  const auto line = trim(split(trim(*text), '\n').front());
  if (line.empty()) {
    return make_error("{} file {} is empty: put the secret on its first line", what, path.string());
  }
  return std::string(line);
}

}  // namespace

std::optional<Result<std::string>> read_secret_source(std::string_view source,
                                                      std::string_view what) {
  source = trim(source);
  if (source.starts_with("env:")) {
    const std::string name(source.substr(4));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      return Result<std::string>(
          make_error("the environment variable {} named as {} is not set: set it in the service's "
                     "environment",
                     name, what));
    }
    return Result<std::string>(std::string(trim(value)));
  }
  if (source.starts_with("file:"))
    return first_line_of(std::filesystem::path(source.substr(5)), what);
  if (source.starts_with("credential:")) {
    const std::string name(source.substr(11));
    const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
    if (directory == nullptr || *directory == '\0') {
      return Result<std::string>(make_error(
          "{} credential:{} needs systemd's LoadCredential= (no CREDENTIALS_DIRECTORY is set); "
          "use file: or env: outside systemd",
          what, name));
    }
    return first_line_of(std::filesystem::path(directory) / name, what);
  }
  return std::nullopt;
}

}  // namespace newsmon::util
