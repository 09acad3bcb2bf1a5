#include "daemon/util/diagnostic.h"

#include <fmt/format.h>

namespace newsmon::util {

std::string Diagnostic::format() const {
  std::string out = file.string();
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  out += ": error: " + message;
  if (!source_line.empty()) {
    out += "\n  " + source_line;
    if (column > 0) {
      out += "\n  " + std::string(static_cast<std::size_t>(column - 1), ' ') + "^";
    }
  }
  return out;
}

std::string format_all(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& diagnostic : diagnostics) {
    out += diagnostic.format();
    out += '\n';
  }
  return out;
}

}  // namespace newsmon::util
