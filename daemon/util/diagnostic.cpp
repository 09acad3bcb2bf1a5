#include "daemon/util/diagnostic.h"

#include <string_view>

#include <fmt/format.h>

namespace newsmon::util {

std::string Diagnostic::format() const {
  std::string out = file.string();
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  std::string_view text = message;
  if (line == 0 && text.size() > out.size() && text.substr(0, out.size()) == out &&
      text.substr(out.size(), 2) == ": ") {
    text.remove_prefix(out.size() + 2);
  }
  out += ": error: ";
  out += text;
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
